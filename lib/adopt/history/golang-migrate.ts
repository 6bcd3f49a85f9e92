// I/O: golang-migrate's history. Its postgres driver keeps one row, `schema_migrations (version
// bigint, dirty boolean)`, holding the current version; every version up to it is applied. A dirty
// row means a migration failed halfway and golang-migrate itself refuses to go on.
import type pg from 'pg';
import { versionFromDigits } from '../versions';
import { columnsOf, findTable, missingColumns, noTable, ok, readRows, refusal } from './table';
import type { HistoryTableOptions, ToolHistory } from './types';

export async function readGolangMigrateHistory(client: pg.Client, options: HistoryTableOptions = {}): Promise<ToolHistory> {
  const { table, exists } = await findTable(client, 'golang-migrate', options, { table: 'schema_migrations', schema: 'current' });
  if (!exists) return noTable(table, 'x-migrations-table, or the search_path of its URL');
  const shape = missingColumns(table, await columnsOf(client, table), ['version', 'dirty'], 'A schema_migrations table without a dirty column is dbmate\'s: read it with --from-history dbmate.');
  if (shape) return shape;
  const rows = await readRows<{ version: string; dirty: boolean }>(client, table, `SELECT version::text AS version, dirty FROM ${table.qualified}`);
  if (!Array.isArray(rows)) return rows;
  if (rows.length === 0) return ok(table, [], null, ['golang-migrate has applied nothing here']);
  if (rows.length > 1) {
    return refusal(table, 'unreadable', `${table.qualified} has ${rows.length} rows; golang-migrate keeps exactly one, the current version`, 'Check that this is golang-migrate\'s table, and that nobody added rows to it by hand.');
  }
  const [row] = rows;
  if (row.dirty) {
    const at = row.version === '-1' ? 'before its first migration' : `at version ${row.version}`;
    return refusal(
      table,
      'dirty',
      `golang-migrate left this database dirty ${at}: that migration failed halfway, and golang-migrate itself refuses to go on`,
      `Look at what the failed migration left behind and repair the schema by hand, then record the true version with golang-migrate's \`migrate force VERSION\`, and read the history again.`,
    );
  }
  const version = versionFromDigits(row.version);
  if (!version.ok) return refusal(table, 'bad-version', `golang-migrate's current version here: ${version.message}`, version.hint);
  return ok(table, [version.version], version.version, [`golang-migrate records only the current version, ${version.version}: every version up to it counts as applied`]);
}
