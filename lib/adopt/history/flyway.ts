// I/O: Flyway's history, `flyway_schema_history`: one row per event, ordered by installed_rank. A
// version is applied when its latest successful row applied it (type SQL, JDBC, …), not when that
// row undid it (UNDO_…) or marked it deleted (DELETE, from `flyway repair`). A baseline row (BASELINE,
// or a baseline migration's …_BASELINE) stands for every version up to its own. A failed versioned
// row that nothing succeeded after is refused, as Flyway itself refuses to migrate past it.
import type pg from 'pg';
import { flywayVersion } from '../versions';
import { columnsOf, findTable, missingColumns, noTable, ok, readRows, refusal } from './table';
import type { HistoryTableOptions, ToolHistory } from './types';

interface Row {
  installed_rank: number;
  version: string | null;
  type: string;
  script: string;
  success: boolean;
}

type Kind = 'apply' | 'undo' | 'delete' | 'baseline' | 'marker';

function kindOf(type: string): Kind | null {
  if (type === 'SCHEMA' || type === 'TABLE') return 'marker';
  if (type === 'DELETE') return 'delete';
  if (type.endsWith('BASELINE')) return 'baseline';
  if (type.startsWith('UNDO_')) return 'undo';
  if (['SQL', 'JDBC', 'SPRING_JDBC', 'CUSTOM', 'SCRIPT'].includes(type)) return 'apply';
  return null;
}

export async function readFlywayHistory(client: pg.Client, options: HistoryTableOptions = {}): Promise<ToolHistory> {
  const { table, exists } = await findTable(client, 'flyway', options, { table: 'flyway_schema_history', schema: 'current' });
  if (!exists) return noTable(table, 'flyway.table, flyway.defaultSchema');
  const shape = missingColumns(table, await columnsOf(client, table), ['installed_rank', 'version', 'type', 'script', 'success']);
  if (shape) return shape;
  const rows = await readRows<Row>(client, table, `SELECT installed_rank, version, type, script, success FROM ${table.qualified} ORDER BY installed_rank`);
  if (!Array.isArray(rows)) return rows;

  const state = new Map<number, 'applied' | 'undone' | 'deleted'>();
  const failed = new Map<number, Row>();
  const notes: string[] = [];
  let upTo: number | null = null;
  for (const row of rows) {
    const kind = kindOf(row.type);
    if (kind === null) {
      return refusal(table, 'unreadable', `row ${row.installed_rank} of ${table.qualified} has type ${row.type}, which this reader does not know`, 'Check the row; this reader knows the types of Flyway 5 to 11 (SQL, JDBC, UNDO_…, BASELINE, DELETE, …).');
    }
    if (kind === 'marker') continue;
    if (row.version === null) {
      if (!row.success) notes.push(`the repeatable migration ${row.script} failed (row ${row.installed_rank}); repeatable migrations are not imported`);
      continue;
    }
    const version = flywayVersion(row.version);
    if (!version.ok) return refusal(table, 'bad-version', `row ${row.installed_rank} (${row.script}): ${version.message}`, version.hint);
    if (!row.success) {
      failed.set(version.version, row);
      continue;
    }
    failed.delete(version.version);
    if (kind === 'baseline') upTo = Math.max(upTo ?? 0, version.version);
    else state.set(version.version, kind === 'apply' ? 'applied' : kind === 'undo' ? 'undone' : 'deleted');
  }
  if (failed.size) {
    const list = [...failed.values()].map((r) => `${r.script} (version ${r.version}, row ${r.installed_rank})`).join(', ');
    return refusal(
      table,
      'failed',
      `Flyway recorded a failed migration here: ${list}; it may have left the database half-migrated, and Flyway itself refuses to migrate until it is repaired`,
      'Repair what the failed migration left behind, run `flyway repair` (which removes failed rows), then read the history again.',
    );
  }
  if (upTo !== null) notes.push(`Flyway was baselined at version ${upTo} here: every version up to it counts as applied`);
  const applied = [...state].filter(([, s]) => s === 'applied').map(([v]) => v);
  if (!applied.length && upTo === null) notes.push('Flyway has applied nothing here');
  return ok(table, applied, upTo, notes);
}
