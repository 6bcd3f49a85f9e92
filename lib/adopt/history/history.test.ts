// The history readers against tables each tool made (dbmate and node-pg-migrate: by running the
// tool itself; golang-migrate and Flyway: with the DDL and row writes of their own source), on a
// real PostgreSQL. Each reader's versions are checked against the importer's versions of the same folder.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CONVERTERS } from '../converters';
import { loadSqlParser } from '../sql-inspect';
import type { Tool } from '../types';
import {
  addFlywayRows,
  createFlywayHistory,
  dbmate,
  DBMATE_FOLDER,
  freshDatabase,
  golangMigrateSetVersion,
  nodePgMigrate,
  NODE_PG_MIGRATE_FOLDER,
  withDatabase,
  writeFolder,
} from '../../testing/other-tools';
import { appliedInStream, readToolHistory, type HistoryTableOptions, type ToolHistory } from './index';

beforeAll(loadSqlParser);

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function folder(files: Record<string, string>): string {
  const dir = writeFolder(files);
  cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function database() {
  const db = await freshDatabase('hist');
  cleanups.push(db.drop);
  return db;
}

const read = (tool: Tool, database: string, options?: HistoryTableOptions) => withDatabase(database, (c) => readToolHistory(tool, c, options));

/** The versions the importer gives the files of a folder. */
function importedVersions(tool: Tool, folder: Record<string, string>): number[] {
  const result = CONVERTERS[tool](Object.entries(folder).map(([p, content]) => ({ path: p, content })), { scope: 'tenant' });
  expect(result.problems).toEqual([]);
  return result.migrations.map((m) => m.version);
}

function okHistory(h: ToolHistory): Extract<ToolHistory, { ok: true }> {
  if (!h.ok) throw new Error(`expected a history, got a refusal: ${h.message}`);
  return h;
}

describe('golang-migrate history (schema_migrations: version bigint, dirty boolean)', () => {
  it('reads the single current version; every version of the stream up to it counts as applied', async () => {
    const db = await database();
    await withDatabase(db.name, async (c) => {
      // As golang-migrate runs each migration: mark it dirty, run it, mark it clean.
      for (const v of [1, 2, 3]) {
        await golangMigrateSetVersion(c, v, true);
        await golangMigrateSetVersion(c, v, false);
      }
    });
    const h = okHistory(await read('golang-migrate', db.name));
    expect([h.table, h.applied, h.upTo]).toEqual(['"public"."schema_migrations"', [3], 3]);
    expect(appliedInStream(h, [1, 2, 3, 4])).toEqual({ versions: [1, 2, 3], unknown: [] });
    expect(appliedInStream(h, [1, 2, 4])).toEqual({ versions: [1, 2], unknown: [3] });
  });

  it('reads a 14-digit timestamp version', async () => {
    const db = await database();
    await withDatabase(db.name, (c) => golangMigrateSetVersion(c, 20240131120000, false));
    expect(appliedInStream(okHistory(await read('golang-migrate', db.name)), [20240101000000, 20240131120000, 20240201000000]).versions).toEqual([
      20240101000000, 20240131120000,
    ]);
  });

  it('refuses a dirty database, naming the version, and one dirty before its first migration', async () => {
    const db = await database();
    await withDatabase(db.name, (c) => golangMigrateSetVersion(c, 4, true));
    const h = await read('golang-migrate', db.name);
    expect(h).toMatchObject({ ok: false, reason: 'dirty', message: 'golang-migrate left this database dirty at version 4: that migration failed halfway, and golang-migrate itself refuses to go on' });
    expect(!h.ok && h.hint).toMatch(/migrate force VERSION/);
    await withDatabase(db.name, (c) => golangMigrateSetVersion(c, -1, true));
    expect(await read('golang-migrate', db.name)).toMatchObject({ ok: false, reason: 'dirty', message: expect.stringContaining('dirty before its first migration') });
  });

  it('reads an empty table as nothing applied, and finds the table in another schema when told', async () => {
    const db = await database();
    await withDatabase(db.name, async (c) => {
      await c.query('CREATE SCHEMA migrate');
      await golangMigrateSetVersion(c, -1, false, '"migrate"."schema_migrations"');
    });
    expect(await read('golang-migrate', db.name)).toMatchObject({ ok: false, reason: 'no-table', table: '"public"."schema_migrations"' });
    expect(await read('golang-migrate', db.name, { schema: 'migrate' })).toMatchObject({ ok: true, applied: [], upTo: null, table: '"migrate"."schema_migrations"' });
  });
});

describe('dbmate history (schema_migrations: version varchar), made by dbmate itself', () => {
  it('reads one row per applied migration: after up and one rollback, the first three', async () => {
    const db = await database();
    const dir = folder(DBMATE_FOLDER);
    await dbmate(db.url, dir, ['up']);
    await dbmate(db.url, dir, ['rollback']); // the last one's down section is empty: dbmate runs nothing
    const h = okHistory(await read('dbmate', db.name));
    const versions = importedVersions('dbmate', DBMATE_FOLDER);
    expect(appliedInStream(h, versions)).toEqual({ versions: versions.slice(0, 3), unknown: [] });
    expect(h.applied).toEqual([20240131120000, 20240131120500, 20240201090000]);
  });

  it('does not count a migration that failed (dbmate rolled it back), and reads a table given as schema.table', async () => {
    const db = await database();
    const dir = folder({
      ...DBMATE_FOLDER,
      '20240301000000_broken.sql': '-- migrate:up\nALTER TABLE users ADD COLUMN nickname text;\nSELECT 1/0;\n\n-- migrate:down\nALTER TABLE users DROP COLUMN nickname;\n',
    });
    await withDatabase(db.name, (c) => c.query('CREATE SCHEMA app'));
    await expect(dbmate(db.url, dir, ['--migrations-table', 'app.dbmate_migrations', 'up'])).rejects.toThrow(/division by zero/);
    const h = okHistory(await read('dbmate', db.name, { schema: 'app', table: 'dbmate_migrations' }));
    expect(h.applied).toEqual(importedVersions('dbmate', DBMATE_FOLDER));
    expect(await read('dbmate', db.name)).toMatchObject({ ok: false, reason: 'no-table' });
  });

  it("tells golang-migrate's and dbmate's schema_migrations apart", async () => {
    const [gm, dm] = [await database(), await database()];
    await withDatabase(gm.name, (c) => golangMigrateSetVersion(c, 2, false));
    await dbmate(dm.url, folder({ '20240131120000_a.sql': '-- migrate:up\nSELECT 1;\n-- migrate:down\nSELECT 1;\n' }), ['up']);
    expect(await read('dbmate', gm.name)).toMatchObject({ ok: false, reason: 'unreadable', hint: 'Read it with --from-history golang-migrate.' });
    expect(await read('golang-migrate', dm.name)).toMatchObject({
      ok: false,
      reason: 'unreadable',
      message: '"public"."schema_migrations" has no dirty column, so it is not golang-migrate\'s history table',
    });
  });
});

describe('Flyway history (flyway_schema_history)', () => {
  it('counts successful versioned rows only: not repeatable, undone, deleted or marker rows', async () => {
    const db = await database();
    await withDatabase(db.name, async (c) => {
      const t = await createFlywayHistory(c);
      await addFlywayRows(c, t, [
        { version: null, description: '<< Flyway Schema Creation >>', type: 'SCHEMA', script: '"public"', success: true },
        { version: '1', description: 'Create users', type: 'SQL', script: 'V1__Create_users.sql', success: true },
        { version: '2', description: 'Create orders', type: 'SQL', script: 'V2__Create_orders.sql', success: true },
        { version: null, description: 'Order totals', type: 'SQL', script: 'R__Order_totals.sql', success: true },
        { version: '3', description: 'Index orders user id', type: 'SQL', script: 'V3__Index_orders_user_id.sql', success: true },
        { version: '003', description: 'Index orders user id', type: 'UNDO_SQL', script: 'U3__Index_orders_user_id.sql', success: true },
        { version: '4', description: 'Order status', type: 'JDBC', script: 'db.migration.V4__Order_status', success: true },
        { version: '4', description: 'Order status', type: 'DELETE', script: 'db.migration.V4__Order_status', success: true },
        { version: '20240131120000', description: 'Stamp', type: 'SQL', script: 'V20240131120000__Stamp.sql', success: true },
      ]);
    });
    const h = okHistory(await read('flyway', db.name));
    expect([h.applied, h.upTo]).toEqual([[1, 2, 20240131120000], null]);
  });

  it('refuses a failed migration nothing succeeded after, naming its script', async () => {
    const db = await database();
    await withDatabase(db.name, async (c) => {
      const t = await createFlywayHistory(c);
      await addFlywayRows(c, t, [
        { version: '1', description: 'Create users', type: 'SQL', script: 'V1__Create_users.sql', success: true },
        { version: '2', description: 'Create orders', type: 'SQL', script: 'V2__Create_orders.sql', success: false },
      ]);
    });
    const h = await read('flyway', db.name);
    expect(h).toMatchObject({ ok: false, reason: 'failed', message: expect.stringContaining('V2__Create_orders.sql (version 2, row 2)') });
    expect(!h.ok && h.hint).toMatch(/flyway repair/);
  });

  it('does not count a failed row that a later success of the same version replaced, nor a failed repeatable', async () => {
    const db = await database();
    await withDatabase(db.name, async (c) => {
      const t = await createFlywayHistory(c);
      await addFlywayRows(c, t, [
        { version: '1', description: 'Create users', type: 'SQL', script: 'V1__Create_users.sql', success: false },
        { version: '1', description: 'Create users', type: 'SQL', script: 'V1__Create_users.sql', success: true },
        { version: null, description: 'View', type: 'SQL', script: 'R__View.sql', success: false },
      ]);
    });
    const h = okHistory(await read('flyway', db.name));
    expect(h.applied).toEqual([1]);
    expect(h.notes).toEqual(['the repeatable migration R__View.sql failed (row 3); repeatable migrations are not imported']);
  });

  it('reads a baseline as every version up to it, in a table of another name and schema', async () => {
    const db = await database();
    await withDatabase(db.name, async (c) => {
      await c.query('CREATE SCHEMA app');
      const t = await createFlywayHistory(c, 'app', 'schema_version');
      await addFlywayRows(c, t, [
        { version: '2', description: '<< Flyway Baseline >>', type: 'BASELINE', script: '<< Flyway Baseline >>', success: true },
        { version: '4', description: 'Order status', type: 'SQL', script: 'V4__Order_status.sql', success: true },
      ]);
    });
    const h = okHistory(await read('flyway', db.name, { schema: 'app', table: 'schema_version' }));
    expect([h.applied, h.upTo]).toEqual([[4], 2]);
    expect(appliedInStream(h, [1, 2, 3, 4, 5])).toEqual({ versions: [1, 2, 4], unknown: [] });
  });

  it('refuses a dotted version with the same reason as the importer', async () => {
    const db = await database();
    await withDatabase(db.name, async (c) => {
      const t = await createFlywayHistory(c);
      await addFlywayRows(c, t, [{ version: '1.1', description: 'Fix', type: 'SQL', script: 'V1_1__Fix.sql', success: true }]);
    });
    expect(await read('flyway', db.name)).toMatchObject({
      ok: false,
      reason: 'bad-version',
      message: 'row 1 (V1_1__Fix.sql): Flyway version 1.1 has several parts, and FastMigrate versions are single whole numbers',
    });
  });
});

describe('node-pg-migrate history (pgmigrations), made by node-pg-migrate itself', () => {
  it('reads the version from each recorded name, as the importer reads the file names', async () => {
    const db = await database();
    const dir = folder(NODE_PG_MIGRATE_FOLDER);
    await nodePgMigrate(db.url, dir, ['up']);
    await nodePgMigrate(db.url, dir, ['down', '1']); // the last one's down section is empty: node-pg-migrate runs nothing
    const names = await withDatabase(db.name, async (c) => (await c.query<{ name: string }>('SELECT name FROM pgmigrations ORDER BY id')).rows.map((r) => r.name));
    expect(names).toEqual(['1706702400000_create-users', '1706702500000_create-orders']);
    const h = okHistory(await read('node-pg-migrate', db.name));
    const versions = importedVersions('node-pg-migrate', NODE_PG_MIGRATE_FOLDER);
    expect(appliedInStream(h, versions)).toEqual({ versions: versions.slice(0, 2), unknown: [] });
  });

  it("maps its 17-digit UTC names the importer's way, in a table of another name and schema", async () => {
    const db = await database();
    const dir = folder({});
    const { stdout } = await nodePgMigrate(db.url, dir, ['create', 'add-users', '--migration-file-language', 'sql', '--migration-filename-format', 'utc']);
    const [file] = fs.readdirSync(dir);
    expect(stdout).toContain(file);
    expect(file).toMatch(/^\d{17}_add-users\.sql$/);
    fs.writeFileSync(path.join(dir, file), '-- Up Migration\nCREATE TABLE users (id int);\n-- Down Migration\nDROP TABLE users;\n');
    await nodePgMigrate(db.url, dir, ['up', '--migrations-schema', 'tool', '--create-migrations-schema', '--migrations-table', 'migrations']);
    const h = okHistory(await read('node-pg-migrate', db.name, { schema: 'tool', table: 'migrations' }));
    const imported = importedVersions('node-pg-migrate', { [file]: fs.readFileSync(path.join(dir, file), 'utf8') });
    expect(h.applied).toEqual(imported);
    expect(String(imported[0])).toHaveLength(13);
  });
});
