// I/O: dbmate's history: `schema_migrations (version varchar primary key)`, one row per applied
// migration, holding the digits its file name starts with.
import type pg from 'pg';
import { versionFromDigits } from '../versions';
import { columnsOf, findTable, missingColumns, noTable, ok, readRows, refusal } from './table';
import type { HistoryTableOptions, ToolHistory } from './types';

export async function readDbmateHistory(client: pg.Client, options: HistoryTableOptions = {}): Promise<ToolHistory> {
  const { table, exists } = await findTable(client, 'dbmate', options, { table: 'schema_migrations', schema: 'current' });
  if (!exists) return noTable(table, '--migrations-table, or the search_path of its URL');
  const columns = await columnsOf(client, table);
  const shape = missingColumns(table, columns, ['version']);
  if (shape) return shape;
  if (columns.has('dirty')) {
    return refusal(table, 'unreadable', `${table.qualified} has a dirty column, so it is golang-migrate's history table, not dbmate's`, 'Read it with --from-history golang-migrate.');
  }
  const rows = await readRows<{ version: string }>(client, table, `SELECT version::text AS version FROM ${table.qualified} ORDER BY version`);
  if (!Array.isArray(rows)) return rows;
  const applied: number[] = [];
  for (const row of rows) {
    const version = versionFromDigits(row.version.trim());
    if (!version.ok) return refusal(table, 'bad-version', `dbmate recorded version "${row.version}": ${version.message}`, version.hint);
    applied.push(version.version);
  }
  return ok(table, applied, null, rows.length ? [] : ['dbmate has applied nothing here']);
}
