// A fleet that fastmigrate_multi.py migrated, adopted as it is (issue 10 §1).
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appliedVersions, migration, sql } from '../testing/fleet';
import { createReferenceFleet, REFERENCE_SECRET, type ReferenceFleet } from '../testing/reference-fleet';

let ref: ReferenceFleet | null = null;
afterEach(async () => {
  await ref?.fleet.drop();
  if (ref) fs.rmSync(ref.projectDir, { recursive: true, force: true });
  ref = null;
});

const up = (...versions: number[]) => versions.map((version) => ({ version, direction: 'up' as const }));
const ORIGINAL_COLUMNS = 'version, name, scope, direction, applied_at, applied_by, execution_time_ms, checksum';

async function createTheFleet() {
  return createReferenceFleet(
    {
      alpha: up(1, 2, 3),
      beta: up(1),
      // Rolled back by the reference tool: its (3, 'down') row is the latest for version 3.
      gamma: [...up(1, 2, 3), { version: 3, direction: 'down' }],
      delta: up(1, 2, 3, 4),
    },
    up(1),
  );
}

/** Every row and the table's definition, to prove a command wrote nothing. */
async function tableDump(database: string) {
  const rows = await sql(database, `SELECT * FROM _migration_versions ORDER BY applied_at, direction`);
  const columns = await sql(database, `SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = '_migration_versions'::regclass AND attnum > 0 ORDER BY attnum`);
  const constraints = await sql(database, `SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = '_migration_versions'::regclass ORDER BY 1`);
  return JSON.stringify({ rows, columns, constraints });
}

function json(stdout: string) {
  return JSON.parse(stdout) as { databases: Array<{ id: string; kind: string; name: string; current: number | null; state: string; error?: string | null }> };
}

function expectNoSecrets(...outputs: string[]) {
  for (const output of outputs) {
    expect(output).not.toContain(REFERENCE_SECRET);
    expect(output).not.toContain('test-secret-pw');
  }
}

describe("a fleet that fastmigrate_multi.py migrated, as it is", () => {
  it('status, validate, history and the dry run read its _migration_versions read-only: each tenant at its true version, no password printed', async () => {
    ref = await createTheFleet();
    const { fleet, cli, tenantId } = ref;
    const databases = [fleet.hostDatabase, ...fleet.tenantIds.map(fleet.tenantDatabase)];
    // Rolled back within the same second (TIMESTAMP ties): a down comes after the up of its version.
    await sql(
      fleet.tenantDatabase('gamma'),
      `UPDATE _migration_versions SET applied_at = (SELECT applied_at FROM _migration_versions WHERE version = 3 AND direction = 'up')
        WHERE version = 3 AND direction = 'down'`,
    );
    const before = await Promise.all(databases.map(tableDump));

    const status = await cli(['status', '--json']);
    expect(status.code, status.stderr).toBe(0);
    const byName = Object.fromEntries(json(status.stdout).databases.map((d) => [d.kind === 'host' ? 'host' : d.name, d] as const));
    expect(Object.fromEntries(Object.entries(byName).map(([name, d]) => [name, [d.current, d.state]]))).toEqual({
      host: [1, 'up-to-date'],
      alpha: [3, 'behind'],
      beta: [1, 'behind'],
      gamma: [2, 'behind'],
      delta: [4, 'up-to-date'],
    });
    const text = await cli(['status']);
    const validate = await cli(['validate']);
    expect(validate.code, validate.stdout + validate.stderr).toBe(0);
    const history = await cli(['history', '--tenant', tenantId.gamma, '--json']);
    expect(history.code, history.stderr).toBe(0);
    expect(JSON.parse(history.stdout).history.map((r: { version: number; direction: string }) => `${r.direction} ${r.version}`)).toEqual(['down 3', 'up 3', 'up 2', 'up 1']);
    const dryRun = await cli(['migrate', '--dry-run', '--tenant', tenantId.gamma]);
    expect(dryRun.code, dryRun.stderr).toBe(0);
    expect(dryRun.stdout).toMatch(/CREATE TABLE tags/);

    expect(await Promise.all(databases.map(tableDump))).toEqual(before);
    expectNoSecrets(status.stdout, status.stderr, text.stdout, text.stderr, validate.stdout, history.stdout, dryRun.stdout, dryRun.stderr);
  });

  it("an applied file edited afterwards is a checksum mismatch naming the file (the reference's own checksum formula)", async () => {
    ref = await createTheFleet();
    const file = path.join(ref.fleet.migrationsDir, 'tenant/002_budgets.sql');
    fs.writeFileSync(file, migration('CREATE TABLE budgets (id bigint);', 'DROP TABLE budgets;'));
    const status = await ref.cli(['status', '--json']);
    const states = Object.fromEntries(json(status.stdout).databases.map((d) => [d.name, d.state]));
    expect(states).toMatchObject({ alpha: 'checksum-mismatch', beta: 'behind', gamma: 'checksum-mismatch', delta: 'checksum-mismatch' });
    const alpha = json(status.stdout).databases.find((d) => d.name === 'alpha')!;
    expect(alpha.error).toMatch(/tenant\/002_budgets\.sql was edited after it was applied/);
    const validate = await ref.cli(['validate']);
    expect(validate.code).toBe(2);
    expect(validate.stdout).toMatch(/tenant\/002_budgets\.sql was edited after it was applied/);
  });

  it('migrate upgrades each table in place and re-applies what was rolled back; rollback 2 then migrate again works; every original row stays, in order', async () => {
    ref = await createTheFleet();
    const { fleet, cli, tenantId } = ref;
    const tenants = fleet.tenantIds.map(fleet.tenantDatabase);
    const originals = await Promise.all(tenants.map((db) => sql(db, `SELECT ${ORIGINAL_COLUMNS} FROM _migration_versions ORDER BY applied_at, direction`)));

    const migrate = await cli(['migrate']);
    expect(migrate.code, migrate.stdout + migrate.stderr).toBe(0);
    for (const db of tenants) expect(await appliedVersions(db)).toEqual([1, 2, 3, 4]);
    expect(await appliedVersions(fleet.hostDatabase)).toEqual([1]);
    // The reference's own queries (its README) still run.
    const gamma = fleet.tenantDatabase('gamma');
    expect(await sql(gamma, `SELECT MAX(version) AS max FROM _migration_versions WHERE direction = 'up'`)).toEqual([{ max: 4 }]);
    expect((await sql(gamma, 'SELECT version, name, direction, applied_at FROM _migration_versions ORDER BY applied_at DESC')).length).toBe(6);

    const rollback = await cli(['rollback', '--steps', '2', '--tenant', tenantId.alpha]);
    expect(rollback.code, rollback.stdout + rollback.stderr).toBe(0);
    expect(await appliedVersions(fleet.tenantDatabase('alpha'))).toEqual([1, 2]);
    const again = await cli(['migrate']);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(await appliedVersions(fleet.tenantDatabase('alpha'))).toEqual([1, 2, 3, 4]);
    expectNoSecrets(migrate.stdout, migrate.stderr, rollback.stdout, rollback.stderr, again.stdout, again.stderr);

    // Every row the reference tool wrote is still there, first, in its order.
    for (const [i, db] of tenants.entries()) {
      const rows = await sql(db, `SELECT ${ORIGINAL_COLUMNS} FROM _migration_versions ORDER BY id`);
      expect(rows.slice(0, originals[i].length)).toEqual(originals[i]);
    }
    expect((await sql(fleet.tenantDatabase('alpha'), 'SELECT direction, version FROM _migration_versions ORDER BY id')).map((r) => `${r.direction} ${r.version}`)).toEqual([
      'up 1', 'up 2', 'up 3', 'up 4', 'down 4', 'down 3', 'up 3', 'up 4',
    ]);
    const status = await cli(['status', '--json']);
    expect(json(status.stdout).databases.map((d) => d.state)).toEqual(['up-to-date', 'up-to-date', 'up-to-date', 'up-to-date', 'up-to-date']);
  });
});
