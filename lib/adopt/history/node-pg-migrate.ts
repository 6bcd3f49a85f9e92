// I/O: node-pg-migrate's history: `pgmigrations (id serial, name varchar, run_on timestamp)`, one row
// per applied migration, named like its file without the extension (`1700000000000_create-users`).
// The version is the number the name starts with, read as the importer reads file names.
import type pg from 'pg';
import { nodePgMigrateVersion } from '../versions';
import { columnsOf, findTable, missingColumns, noTable, ok, readRows, refusal } from './table';
import type { HistoryTableOptions, ToolHistory } from './types';

export async function readNodePgMigrateHistory(client: pg.Client, options: HistoryTableOptions = {}): Promise<ToolHistory> {
  // node-pg-migrate's default: table pgmigrations in the schema "public" (its --migrations-schema, else --schema).
  const { table, exists } = await findTable(client, 'node-pg-migrate', options, { table: 'pgmigrations', schema: 'public' });
  if (!exists) return noTable(table, '--migrations-table, --migrations-schema');
  const shape = missingColumns(table, await columnsOf(client, table), ['id', 'name', 'run_on']);
  if (shape) return shape;
  const rows = await readRows<{ name: string }>(client, table, `SELECT name FROM ${table.qualified} ORDER BY run_on, id`);
  if (!Array.isArray(rows)) return rows;
  const byVersion = new Map<number, string>();
  for (const { name } of rows) {
    const version = nodePgMigrateVersion(name);
    if (!version.ok) return refusal(table, 'bad-version', `node-pg-migrate recorded "${name}": ${version.message}`, version.hint);
    const other = byVersion.get(version.version);
    if (other !== undefined && other !== name) {
      return refusal(table, 'bad-version', `node-pg-migrate recorded ${other} and ${name}, which have the same version ${version.version}`, 'A version is unique in FastMigrate: renumber one of the two migrations (file and row) first.');
    }
    byVersion.set(version.version, name);
  }
  return ok(table, [...byVersion.keys()], null, rows.length ? [] : ['node-pg-migrate has applied nothing here']);
}
