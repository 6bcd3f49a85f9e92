// I/O: find and read another tool's history table in one database, with clear refusals.
import type pg from 'pg';
import { quoteIdent } from '../../db/connection';
import type { Tool } from '../types';
import type { HistoryRefusal, HistoryTableOptions, ToolHistory } from './types';

export interface HistoryTable {
  tool: Tool;
  /** Quoted schema.table, for SQL and for messages. */
  qualified: string;
}

export type Refusal = Extract<ToolHistory, { ok: false }>;

export function refusal(table: HistoryTable, reason: HistoryRefusal, message: string, hint: string): Refusal {
  return { ok: false, tool: table.tool, table: table.qualified, reason, message, hint };
}

/**
 * The table, in `options.schema` or else where the tool looks by default: the connection's current
 * schema (golang-migrate, dbmate, Flyway), or a fixed one (node-pg-migrate: public). Null when absent.
 */
export async function findTable(
  client: pg.Client,
  tool: Tool,
  options: HistoryTableOptions,
  defaults: { table: string; schema: 'current' | string },
): Promise<{ table: HistoryTable; exists: boolean }> {
  const name = options.table ?? defaults.table;
  let schema = options.schema ?? (defaults.schema === 'current' ? null : defaults.schema);
  if (schema === null) schema = (await client.query<{ s: string | null }>('SELECT current_schema() AS s')).rows[0].s ?? 'public';
  const { rows } = await client.query<{ found: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                     WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'p', 'v', 'm', 'f')) AS found`,
    [schema, name],
  );
  return { table: { tool, qualified: `${quoteIdent(schema)}.${quoteIdent(name)}` }, exists: rows[0].found };
}

export function noTable(table: HistoryTable, option: string): Refusal {
  return refusal(
    table,
    'no-table',
    `there is no ${table.qualified} table: ${table.tool} has not migrated this database, or keeps its history elsewhere`,
    `Check that this is a database ${table.tool} migrated; if its table is in another schema or has another name (${option}), give that schema or name.`,
  );
}

/** Rows of a query on the table, or a refusal that says what could not be read (never a bare driver error). */
export async function readRows<T extends pg.QueryResultRow>(client: pg.Client, table: HistoryTable, sql: string): Promise<T[] | Refusal> {
  try {
    return (await client.query<T>(sql)).rows;
  } catch (error) {
    return refusal(
      table,
      'unreadable',
      `cannot read ${table.qualified} as ${table.tool}'s history: ${(error as Error).message}`,
      `Check that the table is ${table.tool}'s own (its columns as ${table.tool} creates them) and that this user may read it.`,
    );
  }
}

/** The table's column names. */
export async function columnsOf(client: pg.Client, table: HistoryTable): Promise<Set<string>> {
  const { rows } = await client.query<{ name: string }>(
    'SELECT attname AS name FROM pg_attribute WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped',
    [table.qualified],
  );
  return new Set(rows.map((r) => r.name));
}

/** A refusal for a table that lacks the columns the tool creates. */
export function missingColumns(table: HistoryTable, columns: Set<string>, needed: readonly string[], otherTool?: string): Refusal | null {
  const missing = needed.filter((c) => !columns.has(c));
  if (!missing.length) return null;
  return refusal(
    table,
    'unreadable',
    `${table.qualified} has no ${missing.join(', ')} column${missing.length > 1 ? 's' : ''}, so it is not ${table.tool}'s history table`,
    otherTool ?? `Give the table ${table.tool} keeps its history in.`,
  );
}

export function ok(table: HistoryTable, applied: number[], upTo: number | null, notes: string[] = []): ToolHistory {
  return { ok: true, tool: table.tool, table: table.qualified, applied: [...new Set(applied)].sort((a, b) => a - b), upTo, notes };
}
