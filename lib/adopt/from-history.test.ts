// import + baseline --from-history (issue 10 §3): a fleet another tool migrated lands in the matrix
// at each database's true version, and migrate then runs only what each one lacks.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadSqlParser } from './sql-inspect';
import { runCli } from '../testing/cli';
import { appliedVersions, createFleet, sql, type Fleet } from '../testing/fleet';
import {
  addFlywayRows,
  applyAsFlyway,
  applyAsGolangMigrate,
  createFlywayHistory,
  FLYWAY_FOLDER,
  nodePgMigrate,
  NODE_PG_MIGRATE_FOLDER,
  dbmate,
  DBMATE_FOLDER,
  GOLANG_MIGRATE_FOLDER,
  golangMigrateSetVersion,
  withDatabase,
  writeFolder,
} from '../testing/other-tools';

beforeAll(loadSqlParser);

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function folder(files: Record<string, string>): string {
  const dir = writeFolder(files);
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function importedFleet(tool: string, files: Record<string, string>, tenants: string[]): Promise<Fleet> {
  const migrationsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fm-from-history-'));
  cleanups.push(() => fs.rmSync(migrationsDir, { recursive: true, force: true }));
  const imported = await runCli(['import', tool, folder(files)], { MIGRATIONS_DIR: migrationsDir });
  expect(imported.code, imported.stdout + imported.stderr).toBe(0);
  const fleet = await createFleet({ tenants, migrationsDir });
  cleanups.push(() => fleet.drop());
  return fleet;
}

const only = (files: Record<string, string>, keep: (name: string) => boolean) => Object.fromEntries(Object.entries(files).filter(([name]) => keep(name)));
const statusById = async (fleet: Fleet) =>
  Object.fromEntries((JSON.parse((await runCli(['status', '--json'], fleet.env)).stdout).databases as Array<{ id: string; current: number; state: string }>).map((d) => [d.id, [d.current, d.state]]));

describe('baseline --from-history', () => {
  it('golang-migrate: each tenant at the version schema_migrations says; a dirty one refused and named; migrate runs only the rest', async () => {
    const fleet = await importedFleet('golang-migrate', GOLANG_MIGRATE_FOLDER, ['early', 'done', 'broken']);
    await applyAsGolangMigrate(fleet.tenantDatabase('early'), only(GOLANG_MIGRATE_FOLDER, (n) => /^00000[12]_/.test(n)));
    await withDatabase(fleet.tenantDatabase('early'), (c) => golangMigrateSetVersion(c, 2, false));
    await applyAsGolangMigrate(fleet.tenantDatabase('done'), GOLANG_MIGRATE_FOLDER);
    await withDatabase(fleet.tenantDatabase('done'), (c) => golangMigrateSetVersion(c, 4, false));
    await applyAsGolangMigrate(fleet.tenantDatabase('broken'), only(GOLANG_MIGRATE_FOLDER, (n) => /^000001_/.test(n)));
    await withDatabase(fleet.tenantDatabase('broken'), (c) => golangMigrateSetVersion(c, 2, true));

    const dry = await runCli(['baseline', '--from-history', 'golang-migrate', '--dry-run'], fleet.env);
    expect(dry.code).toBe(2);
    expect(await appliedVersions(fleet.tenantDatabase('early'))).toEqual([]);

    const baseline = await runCli(['baseline', '--from-history', 'golang-migrate', '--tenant', 'early', '--tenant', 'done', '--tenant', 'broken'], fleet.env);
    expect(baseline.code, baseline.stdout + baseline.stderr).toBe(2);
    expect(baseline.stdout).toMatch(/broken: refused: "public"."schema_migrations": golang-migrate left this database dirty at version 2/);
    expect(await statusById(fleet)).toMatchObject({ early: [2, 'behind'], done: [4, 'up-to-date'], broken: [0, 'behind'] });
    expect(await sql(fleet.tenantDatabase('early'), 'SELECT DISTINCT kind FROM _migration_versions')).toEqual([{ kind: 'baseline' }]);

    const migrate = await runCli(['migrate', '--tenant', 'early', '--tenant', 'done', '--json'], fleet.env);
    expect(migrate.code, migrate.stdout + migrate.stderr).toBe(0);
    const steps = Object.fromEntries(JSON.parse(migrate.stdout).databases.map((d: { id: string; steps: number }) => [d.id, d.steps]));
    expect(steps).toEqual({ early: 2, done: 0 });
    expect(await appliedVersions(fleet.tenantDatabase('early'))).toEqual([1, 2, 3, 4]);
    expect(await sql(fleet.tenantDatabase('broken'), "SELECT to_regclass('_migration_versions') AS t")).toEqual([{ t: null }]);
  });

  it('dbmate (made by the real dbmate): 14-digit timestamp versions end to end, each tenant at what it applied', async () => {
    const fleet = await importedFleet('dbmate', DBMATE_FOLDER, ['old', 'new']);
    const firstTwo = folder(only(DBMATE_FOLDER, (n) => n < '20240201'));
    await dbmate(new URL(fleet.hostUrl.replace(fleet.hostDatabase, fleet.tenantDatabase('old'))).toString(), firstTwo, ['up']);
    await dbmate(new URL(fleet.hostUrl.replace(fleet.hostDatabase, fleet.tenantDatabase('new'))).toString(), folder(DBMATE_FOLDER), ['up']);

    const baseline = await runCli(['baseline', '--from-history', 'dbmate', '--tenant', 'old', '--tenant', 'new', '--json'], fleet.env);
    expect(baseline.code, baseline.stdout + baseline.stderr).toBe(0);
    expect(await statusById(fleet)).toMatchObject({ old: [20240131120500, 'behind'], new: [20240215080000, 'up-to-date'] });
    expect(await appliedVersions(fleet.tenantDatabase('old'))).toEqual([20240131120000, 20240131120500]);

    const migrate = await runCli(['migrate', '--tenant', 'old', '--json'], fleet.env);
    expect(migrate.code, migrate.stdout + migrate.stderr).toBe(0);
    expect(JSON.parse(migrate.stdout).databases[0]).toMatchObject({ from: 20240131120500, to: 20240215080000, steps: 2 });
  });

  it('flyway: its versioned rows (the schema-creation row is not a version); node-pg-migrate (made by the real tool): millisecond versions', async () => {
    const flyway = await importedFleet('flyway', FLYWAY_FOLDER, ['f1']);
    const db = flyway.tenantDatabase('f1');
    await applyAsFlyway(db, only(FLYWAY_FOLDER, (n) => /V[12]__/.test(n)));
    await withDatabase(db, async (c) => {
      const t = await createFlywayHistory(c);
      await addFlywayRows(c, t, [
        { version: null, description: '<< Flyway Schema Creation >>', type: 'SCHEMA', script: '"public"', success: true },
        { version: '1', description: 'Create users', type: 'SQL', script: 'V1__Create_users.sql', success: true },
        { version: '2', description: 'Create orders', type: 'SQL', script: 'V2__Create_orders.sql', success: true },
      ]);
    });
    const baseline = await runCli(['baseline', '--from-history', 'flyway', '--tenant', 'f1'], flyway.env);
    expect(baseline.code, baseline.stdout + baseline.stderr).toBe(0);
    expect(await appliedVersions(db)).toEqual([1, 2]);
    expect((await runCli(['migrate', '--tenant', 'f1'], flyway.env)).code).toBe(0);
    expect(await appliedVersions(db)).toEqual([1, 2, 3, 4]);

    const npm = await importedFleet('node-pg-migrate', NODE_PG_MIGRATE_FOLDER, ['n1']);
    const tenantUrl = npm.hostUrl.replace(npm.hostDatabase, npm.tenantDatabase('n1'));
    await nodePgMigrate(tenantUrl, folder(NODE_PG_MIGRATE_FOLDER), ['up', '2']);
    const fromNpm = await runCli(['baseline', '--from-history', 'node-pg-migrate', '--tenant', 'n1'], npm.env);
    expect(fromNpm.code, fromNpm.stdout + fromNpm.stderr).toBe(0);
    expect(await appliedVersions(npm.tenantDatabase('n1'))).toEqual([1706702400000, 1706702500000]);
    const rest = await runCli(['migrate', '--tenant', 'n1', '--json'], npm.env);
    expect(JSON.parse(rest.stdout).databases[0]).toMatchObject({ steps: 1, to: 1706702600000 });
  });
});
