// baseline --to and repair (issue 10 §2, §4): history rows only, never any migration SQL.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../testing/cli';
import { appliedVersions, createFleet, migration, sql, writeMigrations, type Fleet } from '../testing/fleet';

let fleet: Fleet | null = null;
afterEach(async () => {
  await fleet?.drop();
  fleet = null;
});

// Run again on a database that has the tables, each UP would fail: proof that a baseline ran nothing.
const FILES = {
  'host/001_plans.sql': migration('CREATE TABLE plans (id int);', 'DROP TABLE plans;'),
  'tenant/001_accounts.sql': migration('CREATE TABLE accounts (id int);', 'DROP TABLE accounts;'),
  'tenant/002_budgets.sql': migration('CREATE TABLE budgets (id int);', 'DROP TABLE budgets;'),
  'tenant/003_tags.sql': migration('CREATE TABLE tags (id int);', 'DROP TABLE tags;'),
};

const json = (stdout: string) => JSON.parse(stdout) as { runId: string; databases: Array<Record<string, unknown> & { id: string }> };
const byId = (stdout: string) => Object.fromEntries(json(stdout).databases.map((d) => [d.id, d]));

async function handBuiltFleet() {
  fleet = await createFleet({ tenants: ['a', 'b', 'c'], migrationsDir: writeMigrations(FILES) });
  for (const id of ['a', 'b']) await sql(fleet.tenantDatabase(id), 'CREATE TABLE accounts (id int); CREATE TABLE budgets (id int);');
  const c = await runCli(['migrate', '--to', '1', '--tenant', 'c'], fleet.env);
  expect(c.code, c.stderr).toBe(0);
  return fleet;
}

describe('baseline --to', () => {
  it('records versions up to N as applied without running them (marked, checksums, who, run), refuses a database that has rows for them, and migrate then runs only the rest', async () => {
    const f = await handBuiltFleet();
    const dry = await runCli(['baseline', '--to', '2', '--tenant', 'a', '--dry-run'], f.env);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/tenant a \(Tenant a\): would record as applied, without running: 001_accounts, 002_budgets/);
    expect(await appliedVersions(f.tenantDatabase('a'))).toEqual([]);

    const result = await runCli(['baseline', '--to', '2', '--tenant', 'a', '--tenant', 'b', '--tenant', 'c', '--json'], f.env);
    expect(result.code, result.stderr).toBe(2);
    const rows = byId(result.stdout);
    expect(rows.a).toMatchObject({ status: 'applied', to: 2, recorded: 2 });
    expect(rows.b).toMatchObject({ status: 'applied', to: 2, recorded: 2 });
    expect(rows.c).toMatchObject({ status: 'failed', errorKind: 'refused', recorded: 0 });
    expect(rows.c.error).toMatch(/history already has rows for version 1 \(applied\)/);
    expect(await appliedVersions(f.tenantDatabase('c'))).toEqual([1]);

    const history = await sql(f.tenantDatabase('a'), 'SELECT version, kind, checksum, applied_by, run_id FROM _migration_versions ORDER BY id');
    expect(history.map((r) => [r.version, r.kind, r.run_id])).toEqual([
      [1, 'baseline', json(result.stdout).runId],
      [2, 'baseline', json(result.stdout).runId],
    ]);
    expect(history.every((r) => /^[0-9a-f]{64}$/.test(r.checksum) && r.applied_by)).toBe(true);
    const [run] = await sql(f.hostDatabase, 'SELECT action FROM fastmigrate.runs WHERE id = $1', [json(result.stdout).runId]);
    expect(run.action).toBe('baseline');
    const audit = await sql(f.hostDatabase, "SELECT detail FROM fastmigrate.audit_log WHERE action = 'baseline'");
    expect(audit).toHaveLength(1);
    expect(audit[0].detail.runId).toBe(json(result.stdout).runId);

    const engine = f.openEngine();
    try {
      const report = await engine.status({ host: false, tenants: ['a', 'c'] });
      expect(report.databases.map((d) => [d.id, d.current, d.baselined])).toEqual([
        ['a', 2, [1, 2]],
        ['c', 1, []],
      ]);
    } finally {
      await engine.close();
    }

    const again = await runCli(['baseline', '--to', '2', '--tenant', 'a'], f.env);
    expect(again.code).toBe(2);
    expect(again.stdout).toMatch(/history already has rows for versions 1 \(applied\), 2 \(applied\)/);

    const migrate = await runCli(['migrate', '--json'], f.env);
    expect(migrate.code, migrate.stderr).toBe(0);
    const migrated = byId(migrate.stdout);
    expect([migrated.a.steps, migrated.b.steps, migrated.c.steps]).toEqual([1, 1, 2]);
    for (const id of ['a', 'b', 'c']) expect(await appliedVersions(f.tenantDatabase(id))).toEqual([1, 2, 3]);
  });

  it('bad usage: neither or both of --to and --from-history, --to 0, an unknown tool; exit 2 with what to do', async () => {
    const f = (fleet = await createFleet({ tenants: ['a'], migrationsDir: writeMigrations(FILES) }));
    const neither = await runCli(['baseline', '--tenant', 'a'], f.env);
    expect(neither.code).toBe(2);
    expect(neither.stderr).toMatch(/exactly one of --to N and --from-history TOOL/);
    const zero = await runCli(['baseline', '--to', '0'], f.env);
    expect(zero.code).toBe(2);
    const tool = await runCli(['baseline', '--from-history', 'liquibase'], f.env);
    expect(tool.code).toBe(2);
    expect(tool.stderr).toMatch(/--from-history takes one of golang-migrate, dbmate, flyway, node-pg-migrate/);
  });
});

describe('repair --accept-checksum', () => {
  it('accepts an edited applied file with a new history row (who, why), audited, never running SQL; status then shows no mismatch', async () => {
    const f = (fleet = await createFleet({ tenants: ['a', 'b'], migrationsDir: writeMigrations(FILES) }));
    expect((await runCli(['migrate'], f.env)).code).toBe(0);
    fs.writeFileSync(path.join(f.migrationsDir, 'tenant/001_accounts.sql'), migration('-- accounts of the tenant\nCREATE TABLE accounts (id int);', 'DROP TABLE accounts;'));
    const before = await sql(f.tenantDatabase('a'), 'SELECT * FROM _migration_versions ORDER BY id');
    const mismatch = await runCli(['status', '--json'], f.env);
    expect(json(mismatch.stdout).databases.map((d) => d.state)).toEqual(['up-to-date', 'checksum-mismatch', 'checksum-mismatch']);

    const noReason = await runCli(['repair', '--accept-checksum', '1', '--tenant', 'a'], f.env);
    expect(noReason.code).toBe(2);
    expect(noReason.stderr).toMatch(/repair needs --reason TEXT/);
    const notApplied = await runCli(['repair', '--accept-checksum', '3', '--tenant', 'a', '--reason', 'x'], f.env);
    expect(notApplied.code).toBe(0); // version 3 is applied and unchanged: nothing to repair
    expect(notApplied.stdout).toMatch(/already matches what was applied: nothing to repair/);

    const repair = await runCli(['repair', '--accept-checksum', '1', '--tenant', 'a', '--reason', 'comment added after release'], f.env);
    expect(repair.code, repair.stdout + repair.stderr).toBe(0);
    const after = await sql(f.tenantDatabase('a'), 'SELECT * FROM _migration_versions ORDER BY id');
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.slice(before.length).map((r) => [r.version, r.direction, r.kind, r.reason])).toEqual([[1, 'up', 'repair', 'comment added after release']]);
    expect((await runCli(['history', '--tenant', 'a'], f.env)).stdout).toMatch(/repair: comment added after release/);
    const audit = await sql(f.hostDatabase, "SELECT detail FROM fastmigrate.audit_log WHERE action = 'repair'");
    expect(audit.map((a) => a.detail.request.reason)).toEqual(['x', 'comment added after release']);

    const status = await runCli(['status', '--json'], f.env);
    expect(json(status.stdout).databases.map((d) => [d.id, d.state])).toEqual([['host', 'up-to-date'], ['a', 'up-to-date'], ['b', 'checksum-mismatch']]);
    // A rollback after the repair runs the DOWN as it is now.
    const rollback = await runCli(['rollback', '--to', '0', '--tenant', 'a'], f.env);
    expect(rollback.code, rollback.stdout + rollback.stderr).toBe(0);
    expect(await appliedVersions(f.tenantDatabase('a'))).toEqual([]);
  });
});
