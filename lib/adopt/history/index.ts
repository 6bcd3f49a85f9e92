// The history readers `baseline --from-history` uses: per tool, what it applied in one database.
import type pg from 'pg';
import type { Tool } from '../types';
import { readDbmateHistory } from './dbmate';
import { readFlywayHistory } from './flyway';
import { readGolangMigrateHistory } from './golang-migrate';
import { readNodePgMigrateHistory } from './node-pg-migrate';
import type { HistoryTableOptions, ToolHistory } from './types';

export type { HistoryRefusal, HistoryTableOptions, ToolHistory } from './types';
export { appliedInStream } from './applied';

const READERS: Record<Tool, (client: pg.Client, options?: HistoryTableOptions) => Promise<ToolHistory>> = {
  'golang-migrate': readGolangMigrateHistory,
  dbmate: readDbmateHistory,
  flyway: readFlywayHistory,
  'node-pg-migrate': readNodePgMigrateHistory,
};

/** Reads only: never writes to the database. */
export function readToolHistory(tool: Tool, client: pg.Client, options: HistoryTableOptions = {}): Promise<ToolHistory> {
  return READERS[tool](client, options);
}
