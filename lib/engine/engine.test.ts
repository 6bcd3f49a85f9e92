// The engine against a real PostgreSQL: runner, run log, status, locks.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { withClient } from '../db/connection';
import { appliedVersions, catalogDump, createFleet, migration, PROJECT_ROOT, sql, urlFor, writeMigrations, type Fleet } from '../testing/fleet';
import { MIGRATION_LOCK_KEY } from '../migrations/lock';
import { problemOfRow, problemsOfRow } from '../runs/run-log';
import { problemText } from '../problem';
import { statusError, unreachableReason, type Engine, type RunSpec, type Selection } from './';

const DEMO_MIGRATIONS = path.join(PROJECT_ROOT, 'migrations');

let fleet: Fleet | null = null;
let engine: Engine | null = null;
afterEach(async () => {
  await engine?.close();
  await fleet?.drop();
  engine = null;
  fleet = null;
});

async function setUp(tenants: number | string[], migrationsDir = DEMO_MIGRATIONS, missing?: string[]) {
  fleet = await createFleet({ tenants, migrationsDir, missing });
  engine = fleet.openEngine();
  return { fleet, engine };
}

async function run(e: Engine, spec: RunSpec, selection: Selection = { host: true, tenants: 'all' }) {
  const { runId } = await e.startRun(selection, spec, { requestedBy: 'tester', source: 'cli' });
  await e.executeRun(runId, { concurrency: 4 });
  return (await e.getRun(runId))!;
}

const migrateAll: RunSpec = { request: { action: 'migrate' }, planOptions: {} };

describe('runner', () => {
  it('migrate → rollback all → migrate leaves the same schema, data survives the backfills', async () => {
    const { fleet, engine } = await setUp(2);
    const db = fleet.tenantDatabase('tenant1');
    const first = await run(engine, migrateAll);
    expect(first.run.status).toBe('succeeded');
    expect(first.databases.map((d) => d.status)).toEqual(['applied', 'applied', 'applied']);
    const latest = (await engine.migrations()).tenant.map((m) => m.version);
    expect(await appliedVersions(db)).toEqual(latest);
    const afterFirst = await catalogDump(db);
    expect(afterFirst).toContain('index CREATE INDEX idx_transactions_booked_at');

    const down = await run(engine, { request: { action: 'rollback', to: 0 }, planOptions: {} });
    expect(down.run.status).toBe('succeeded');
    expect(await appliedVersions(db)).toEqual([]);
    expect(await catalogDump(db)).toBe('');

    await run(engine, migrateAll);
    expect(await catalogDump(db)).toBe(afterFirst);
    // Every step is in the history, in order, with who ran it and the DOWN kept for later.
    const history = await sql<{ direction: string; applied_by: string; down_sql: string | null }>(db, 'SELECT * FROM _migration_versions ORDER BY id');
    expect(history).toHaveLength(latest.length * 3);
    expect(new Set(history.map((h) => h.applied_by))).toEqual(new Set(['tester']));
    expect(history.filter((h) => h.direction === 'up').every((h) => h.down_sql)).toBe(true);
  });

  it('a failing migration leaves that tenant at its previous version with no history row; the others finish', async () => {
    const dir = writeMigrations({
      'tenant/001_a.sql': migration('CREATE TABLE a (id int);', 'DROP TABLE a;'),
      'tenant/002_b.sql': migration('CREATE TABLE b (id int);\nSELECT 1 / (id - 1) FROM a;', 'DROP TABLE b;'),
      'tenant/003_c.sql': migration('CREATE TABLE c (id int);', 'DROP TABLE c;'),
    });
    const { fleet, engine } = await setUp(['good1', 'bad', 'good2'], dir);
    await sql(fleet.tenantDatabase('bad'), 'CREATE TABLE a (id int); INSERT INTO a VALUES (1)');
    await sql(fleet.tenantDatabase('bad'), `CREATE TABLE _migration_versions (id bigserial primary key, version int not null, name text not null, direction text not null default 'up', applied_at timestamptz not null default now())`);
    await sql(fleet.tenantDatabase('bad'), `INSERT INTO _migration_versions (version, name) VALUES (1, '001_a')`);

    const result = await run(engine, migrateAll, { host: false, tenants: 'all' });
    const byId = Object.fromEntries(result.databases.map((d) => [d.databaseId, d]));
    expect(byId.good1, byId.good1.error ?? '').toMatchObject({ status: 'applied' });
    expect(byId.good2.status).toBe('applied');
    expect(byId.bad).toMatchObject({ status: 'failed', sqlstate: '22012', errorVersion: 2, fromVersion: 1, toVersion: 1, errorKind: 'sql' });
    expect(problemText(problemOfRow(byId.bad)!)).toBe('division by zero (tenant/002_b.sql)');
    expect(result.run.status).toBe('failed');

    expect(await appliedVersions(fleet.tenantDatabase('bad'))).toEqual([1]);
    expect(await sql(fleet.tenantDatabase('bad'), "SELECT 1 FROM pg_tables WHERE tablename = 'b'")).toEqual([]);
    expect(await appliedVersions(fleet.tenantDatabase('good1'))).toEqual([1, 2, 3]);

    const status = await engine.status({ host: false, tenants: 'all' });
    const bad = status.databases.find((d) => d.id === 'bad')!;
    expect(bad.state).toBe('failed');
    expect(statusError(bad)).toMatch(/at version 2.*division by zero/);
    expect(status.databases.find((d) => d.id === 'good1')!.state).toBe('up-to-date');
  });

  it('reports a syntax error with the file and line it is on', async () => {
    const dir = writeMigrations({
      'tenant/001_a.sql': migration('CREATE TABLE a (id int);\n\nCREATE TABEL b (id int);', 'DROP TABLE a;'),
    });
    const { fleet, engine } = await setUp(['t'], dir);
    const result = await run(engine, migrateAll, { host: false, tenants: 'all' });
    // Line 1 is the header comment, 2 the directives line, 3 the UP marker: the typo is on line 6.
    expect(result.databases[0]).toMatchObject({ status: 'failed', sqlstate: '42601', errorVersion: 1 });
    expect(problemText(problemOfRow(result.databases[0])!)).toMatch(/syntax error at or near "TABEL" \(tenant\/001_a\.sql:6\)/);
    expect(await sql(fleet.tenantDatabase('t'), "SELECT 1 FROM pg_tables WHERE tablename = 'a'")).toEqual([]);
  });

  it('an applied file edited afterwards: the database is refused with a checksum mismatch naming the file, and nothing runs', async () => {
    const files = {
      'tenant/001_a.sql': migration('CREATE TABLE a (id int);', 'DROP TABLE a;'),
      'tenant/002_b.sql': migration('CREATE TABLE b (id int);', 'DROP TABLE b;'),
    };
    const dir = writeMigrations({ 'tenant/001_a.sql': files['tenant/001_a.sql'] });
    const { fleet, engine: before } = await setUp(['t'], dir);
    expect((await run(before, migrateAll, { host: false, tenants: 'all' })).databases[0].status).toBe('applied');
    fs.writeFileSync(path.join(dir, 'tenant/001_a.sql'), migration('CREATE TABLE a (id bigint);', 'DROP TABLE a;'));
    fs.writeFileSync(path.join(dir, 'tenant/002_b.sql'), files['tenant/002_b.sql']);
    // A new engine reads the files as they are now (an engine keeps the set it loaded).
    await before.close();
    const edited = (engine = fleet.openEngine());
    const result = await run(edited, migrateAll, { host: false, tenants: 'all' });
    const problems = problemsOfRow(result.databases[0]);
    expect(result.databases[0].status).toBe('failed');
    expect(problems.map((p) => p.message).join('\n')).toMatch(/tenant\/001_a\.sql was edited after it was applied \(checksum [0-9a-f]+ applied, [0-9a-f]+ on disk\)/);
    expect(await appliedVersions(fleet.tenantDatabase('t'))).toEqual([1]);
    expect(await sql(fleet.tenantDatabase('t'), "SELECT 1 FROM pg_tables WHERE tablename = 'b'")).toEqual([]);
  });

  it('upgrades a history table written by the reference tool and keeps its rows', async () => {
    const dir = writeMigrations({
      'tenant/001_a.sql': migration('CREATE TABLE a (id int);', 'DROP TABLE a;'),
      'tenant/002_b.sql': migration('CREATE TABLE b (id int);', 'DROP TABLE b;'),
    });
    const { fleet, engine } = await setUp(['legacy'], dir);
    const db = fleet.tenantDatabase('legacy');
    await sql(db, `CREATE TABLE _migration_versions (id serial primary key, version int, name text, direction text, applied_at timestamp default now());
                   CREATE TABLE a (id int); INSERT INTO _migration_versions (version, name, direction) VALUES (1, '001_a', 'up')`);
    const result = await run(engine, migrateAll, { host: false, tenants: 'all' });
    expect(result.databases[0]).toMatchObject({ status: 'applied', fromVersion: 1, toVersion: 2, stepsApplied: 1 });
    expect(await appliedVersions(db)).toEqual([1, 2]);
  });

  it('a tenant whose lock is held fails with who holds it, within the deadline; the others proceed', async () => {
    const dir = writeMigrations({ 'tenant/001_a.sql': migration('CREATE TABLE a (id int);', 'DROP TABLE a;') });
    const { fleet, engine } = await setUp(['free', 'held'], dir);
    await withClient({ connectionString: urlFor(fleet.tenantDatabase('held')), application_name: 'someone-else' }, async (holder) => {
      await holder.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY.toString()]);
      const result = await run(engine, { ...migrateAll, timeouts: { lockWaitMs: 1_500 } }, { host: false, tenants: 'all' });
      const byId = Object.fromEntries(result.databases.map((d) => [d.databaseId, d]));
      expect(byId.free.status).toBe('applied');
      expect(byId.held).toMatchObject({ status: 'failed', errorKind: 'locked' });
      expect(byId.held.error).toMatch(/locked by "someone-else" \(pid \d+/);
    });
    expect(await appliedVersions(fleet.tenantDatabase('held'))).toEqual([]);
  });

  it('leaves no advisory lock of ours behind after a run', async () => {
    const { fleet, engine } = await setUp(3);
    await run(engine, migrateAll);
    // Only this fleet's databases: other test files run at the same time on the same server.
    const locks = await sql(
      fleet.hostDatabase,
      `SELECT l.* FROM pg_locks l JOIN pg_database d ON d.oid = l.database
        WHERE l.locktype = 'advisory' AND l.objid = $1 AND d.datname LIKE $2`,
      [Number(MIGRATION_LOCK_KEY & 0xffffffffn), `${fleet.prefix}_%`],
    );
    expect(locks).toEqual([]);
  });

  it('preview changes nothing: history and schema identical before and after', async () => {
    const { fleet, engine } = await setUp(1);
    await run(engine, { request: { action: 'migrate', to: 3 }, planOptions: {} });
    const db = fleet.tenantDatabase('tenant1');
    const before = [await catalogDump(db), JSON.stringify(await sql(db, 'SELECT * FROM _migration_versions ORDER BY id'))];
    const { previews } = await engine.preview({ host: true, tenants: 'all' }, { action: 'migrate' });
    expect(previews.find((p) => p.target.id === 'tenant1')!.plan!.steps.map((s) => s.version)).toEqual([4, 5, 6, 7, 8, 100]);
    const rollbackPreview = await engine.preview({ host: false, tenants: ['tenant1'] }, { action: 'rollback', steps: 2 });
    expect(rollbackPreview.previews[0].plan!.steps.map((s) => [s.direction, s.version])).toEqual([['down', 3], ['down', 2]]);
    expect([await catalogDump(db), JSON.stringify(await sql(db, 'SELECT * FROM _migration_versions ORDER BY id'))]).toEqual(before);
  });

  it('status reports each state: up to date, behind, unreachable, invalid tenant row', async () => {
    const { fleet, engine } = await setUp(['ok', 'late'], DEMO_MIGRATIONS, ['gone']);
    await sql(fleet.hostDatabase, `INSERT INTO tenants (id, name, db_name) VALUES ('evil', 'Evil', 'x"; DROP DATABASE host;--')`);
    await run(engine, migrateAll, { host: true, tenants: ['ok'] });
    const report = await engine.status();
    const state = Object.fromEntries(report.databases.map((d) => [d.id, [d.state, unreachableReason(d)]]));
    expect(state).toEqual({
      host: ['up-to-date', null],
      ok: ['up-to-date', null],
      late: ['behind', null],
      gone: ['unreachable', 'unreachable'],
      evil: ['unreachable', 'invalid'],
    });
    expect(statusError(report.databases.find((d) => d.id === 'gone')!)).toMatch(/does not exist/);
    expect(statusError(report.databases.find((d) => d.id === 'evil')!)).toMatch(/characters other than letters/);
    expect(report.latest.tenant).toBe(100);
  });

  it('the snapshot follows runs without connecting to tenants, and status refreshes it', async () => {
    const dir = writeMigrations({
      'tenant/001_a.sql': migration('CREATE TABLE a (id int);', 'DROP TABLE a;'),
      'tenant/002_b.sql': migration('CREATE TABLE b (id int);', 'DROP TABLE b;'),
    });
    const { fleet, engine } = await setUp(['one', 'two'], dir);
    const first = await engine.lastKnownStatus({ host: false, tenants: 'all' });
    expect(first.databases.map((d) => [d.id, d.current, d.state])).toEqual([['one', 0, 'behind'], ['two', 0, 'behind']]);

    await run(engine, { request: { action: 'migrate', to: 1 }, planOptions: {} }, { host: false, tenants: ['one'] });
    // Gone behind the tool's back: the snapshot cannot know until something reads it again.
    await sql('postgres', `DROP DATABASE ${fleet.tenantDatabase('two')} WITH (FORCE)`);
    const afterRun = await engine.lastKnownStatus({ host: false, tenants: 'all' });
    expect(afterRun.databases.map((d) => [d.id, d.current, d.state])).toEqual([['one', 1, 'behind'], ['two', 0, 'behind']]);

    await engine.status({ host: false, tenants: 'all' });
    const refreshed = await engine.lastKnownStatus({ host: false, tenants: 'all' });
    expect(refreshed.databases.map((d) => [d.id, d.state])).toEqual([['one', 'behind'], ['two', 'unreachable']]);
    expect(statusError(refreshed.databases[1])).toMatch(/does not exist/);
  });
});
