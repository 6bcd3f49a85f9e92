// Tenant discovery against a real host database, through the CLI as users run it.
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../testing/cli';
import { appliedVersions, createFleet, migration, sql, writeMigrations, type Fleet } from '../testing/fleet';

let fleet: Fleet | null = null;
afterEach(async () => {
  await fleet?.drop();
  fleet = null;
});

const MIGRATIONS = {
  'tenant/001_a.sql': migration('CREATE TABLE a (id int);', 'DROP TABLE a;'),
  'tenant/002_b.sql': migration('CREATE TABLE b (id int);', 'DROP TABLE b;'),
};

const json = (stdout: string) => JSON.parse(stdout) as { databases: Array<{ id: string; state: string; reason: string | null; error: string | null; labels: Record<string, string> }> };

describe('the tenants query', () => {
  it('runs read-only: a query that writes changes nothing and says why, even for status and --dry-run', async () => {
    fleet = await createFleet({ tenants: 2, migrationsDir: writeMigrations(MIGRATIONS) });
    for (const args of [['status'], ['migrate', '--dry-run']]) {
      const r = await runCli(args, { ...fleet.env, FASTMIGRATE_TENANTS_QUERY: 'DELETE FROM tenants RETURNING id, name, db_name' });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/FASTMIGRATE_TENANTS_QUERY failed: cannot execute DELETE in a read-only transaction\n\s+fix: the tenants query must only read/);
    }
    expect(await sql(fleet.hostDatabase, 'SELECT count(*)::int AS n FROM tenants')).toEqual([{ n: 2 }]);
  });

  it('must be exactly one statement, and says so', async () => {
    fleet = await createFleet({ tenants: 1, migrationsDir: writeMigrations(MIGRATIONS) });
    const r = await runCli(['status'], { ...fleet.env, FASTMIGRATE_TENANTS_QUERY: 'SELECT id, name, db_name FROM tenants; DROP TABLE tenants' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/error: FASTMIGRATE_TENANTS_QUERY holds 2 statements; it must be exactly one\n\s+fix: write one SELECT/);
    expect(await sql(fleet.hostDatabase, 'SELECT count(*)::int AS n FROM tenants')).toEqual([{ n: 1 }]);
  });

  it('never lets two tenant rows share a database, or a tenant use the host database: a rollback of both undoes one version, not two', async () => {
    fleet = await createFleet({ tenants: ['one'], migrationsDir: writeMigrations(MIGRATIONS) });
    const migrated = await runCli(['migrate'], fleet.env);
    expect(migrated.code, migrated.stderr).toBe(0);
    await sql(fleet.hostDatabase, `INSERT INTO tenants (id, name, db_name) VALUES ('twin', 'Twin', $1), ('hosty', 'Hosty', $2)`, [fleet.tenantDatabase('one'), fleet.hostDatabase]);

    const status = await runCli(['status', '--json'], fleet.env);
    const byId = Object.fromEntries(json(status.stdout).databases.map((d) => [d.id, d]));
    expect(byId.one).toMatchObject({ state: 'unreachable', reason: 'invalid' });
    expect(byId.one.error).toMatch(/is also the database of tenant "twin"/);
    expect(byId.twin.error).toMatch(/is also the database of tenant "one"/);
    expect(byId.hosty.error).toMatch(/is the host database/);

    const rollback = await runCli(['rollback', '--tenant', 'one', '--tenant', 'twin', '--json'], fleet.env);
    expect(rollback.code).toBe(1);
    expect(await appliedVersions(fleet.tenantDatabase('one'))).toEqual([1, 2]);
  });

  it('makes the extra columns of the configured query labels: --label selects exactly the matching tenants', async () => {
    fleet = await createFleet({ tenants: ['a', 'b', 'c'], migrationsDir: writeMigrations(MIGRATIONS) });
    await sql(fleet.hostDatabase, `ALTER TABLE tenants ADD COLUMN plan text, ADD COLUMN region text`);
    await sql(fleet.hostDatabase, `UPDATE tenants SET plan = CASE id WHEN 'c' THEN 'free' ELSE 'pro' END, region = CASE id WHEN 'a' THEN 'eu' ELSE 'us' END`);
    const env = { ...fleet.env, FASTMIGRATE_TENANTS_QUERY: 'SELECT id, name, db_name, plan, region FROM tenants ORDER BY id' };

    const status = json((await runCli(['status', '--json', '--label', 'plan=pro'], env)).stdout);
    expect(status.databases.map((d) => [d.id, d.labels])).toEqual([
      ['a', { plan: 'pro', region: 'eu' }],
      ['b', { plan: 'pro', region: 'us' }],
    ]);
    const migrate = await runCli(['migrate', '--label', 'plan=pro', '--label', 'region=us'], env);
    expect(migrate.code, migrate.stderr).toBe(0);
    expect(await Promise.all(['a', 'b', 'c'].map((id) => appliedVersions(fleet!.tenantDatabase(id))))).toEqual([[], [1, 2], []]);

    const none = await runCli(['status', '--label', 'plan=enterprise'], env);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/error: no tenant has the label plan=enterprise\n\s+fix: the tenants' labels are plan, region/);
    const bad = await runCli(['status', '--label', 'plan'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--label takes KEY=VALUE/);
  });
});

describe("the reference tool's configuration and tenants table", () => {
  it('reads POSTGRES_* without DATABASE_URL, and the database name from dbconnection (tenant_type tenant only), never printing its password', async () => {
    fleet = await createFleet({ tenants: ['acme', 'globex'], migrationsDir: writeMigrations(MIGRATIONS) });
    const host = new URL(fleet.hostUrl);
    await sql(fleet.hostDatabase, 'DROP TABLE tenants');
    await sql(
      fleet.hostDatabase,
      `CREATE TABLE tenants (id serial PRIMARY KEY, name text, dbconnection text, is_active boolean DEFAULT true, tenant_type text DEFAULT 'tenant')`,
    );
    const url = (db: string, h = `${host.hostname}:${host.port}`) => `postgresql://app_user:Tenant-Secret-9@${h}/${db}`;
    await sql(
      fleet.hostDatabase,
      `INSERT INTO tenants (name, dbconnection, is_active, tenant_type) VALUES
         ('acme', $1, true, 'tenant'), ('globex', $2, true, 'tenant'), ('main', $3, true, 'host'), ('gone', $4, false, 'tenant'), ('far', $5, true, 'tenant')`,
      [url(fleet.tenantDatabase('acme')), url(fleet.tenantDatabase('globex')), url(fleet.hostDatabase), url('nope'), url('far_db', 'db9.internal:5432')],
    );
    const env = {
      MIGRATIONS_DIR: fleet.migrationsDir,
      POSTGRES_HOST: host.hostname,
      POSTGRES_PORT: host.port,
      POSTGRES_USERNAME: decodeURIComponent(host.username),
      POSTGRES_PASSWORD: decodeURIComponent(host.password),
      POSTGRES_DATABASE: fleet.hostDatabase,
    };
    const status = await runCli(['status', '--json'], env);
    expect(status.code, status.stderr).toBe(0);
    const databases = json(status.stdout).databases;
    expect(databases.map((d) => d.id)).toEqual(['host', '1', '2', '5']);
    const byName = Object.fromEntries(databases.map((d) => [d.id, d]));
    expect([byName['1'].state, byName['2'].state]).toEqual(['behind', 'behind']);
    expect(byName['5'].error).toMatch(/names the server db9.internal:5432/);
    const migrate = await runCli(['migrate'], env);
    expect(migrate.code).toBe(1); // tenant 5's server is not configured
    expect(await appliedVersions(fleet.tenantDatabase('acme'))).toEqual([1, 2]);
    for (const output of [status.stdout, status.stderr, migrate.stdout, migrate.stderr]) {
      expect(output).not.toContain('Tenant-Secret-9');
      expect(output).not.toContain(decodeURIComponent(host.password));
    }
  });
});
