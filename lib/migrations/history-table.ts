// I/O: the `_migration_versions` table of one database (DESIGN §3). Append-only.
import pg from 'pg';
import type { Direction, HistoryRow, PlannedStep } from './types';

const COLUMNS: Array<[name: string, type: string]> = [
  ['version', 'integer NOT NULL'],
  ['name', 'text NOT NULL'],
  ['scope', "text NOT NULL DEFAULT ''"],
  ['direction', "text NOT NULL DEFAULT 'up'"],
  ['applied_at', 'timestamptz NOT NULL DEFAULT now()'],
  ['applied_by', 'text'],
  ['execution_time_ms', 'integer'],
  ['checksum', 'text'],
  ['run_id', 'text'],
  ['down_sql', 'text'],
  ['down_checksum', 'text'],
];

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS _migration_versions (
  id bigserial PRIMARY KEY,
  ${COLUMNS.map(([name, type]) => `${name} ${type}`).join(',\n  ')},
  CONSTRAINT _migration_versions_direction CHECK (direction IN ('up', 'down'))
)`;

/**
 * Creates the table, or adds our columns to one written by the reference tool. Call it only while
 * holding the migration lock: concurrent CREATE TABLE IF NOT EXISTS can fail on the catalog.
 */
export async function ensureHistoryTable(client: pg.Client): Promise<void> {
  // pg_attribute, not information_schema: this runs once per database per run.
  const { rows } = await client.query<{ column_name: string }>(
    `SELECT attname AS column_name FROM pg_attribute
      WHERE attrelid = to_regclass('_migration_versions') AND attnum > 0 AND NOT attisdropped`,
  );
  if (rows.length === 0) {
    await client.query(CREATE_TABLE);
    return;
  }
  const present = new Set(rows.map((r) => r.column_name));
  const missing = COLUMNS.filter(([name]) => !present.has(name));
  for (const [name, type] of missing) {
    await client.query(`ALTER TABLE _migration_versions ADD COLUMN IF NOT EXISTS ${name} ${type.replace(/ NOT NULL/, '')}`);
  }
}

const UNDEFINED_TABLE = '42P01';

interface RawRow {
  id: string | number;
  version: number | string;
  name: string | null;
  scope?: string | null;
  direction: string;
  applied_at: Date;
  applied_by?: string | null;
  execution_time_ms?: number | null;
  checksum?: string | null;
  run_id?: string | null;
  down_sql?: string | null;
  down_checksum?: string | null;
}

/** SELECT * so that tables written by the reference tool (fewer columns) still read. */
export const HISTORY_SELECT = 'SELECT * FROM _migration_versions ORDER BY id';

export interface HistoryWithShape {
  rows: HistoryRow[];
  /** Whether the table has all our columns (false when missing or written by the reference tool). */
  complete: boolean;
}

/** The result of HISTORY_SELECT, however it was sent (on its own, or with the lock's first try). */
export function historyFromResult(result: pg.QueryResult): HistoryWithShape {
  const present = new Set(result.fields.map((f) => f.name));
  return { rows: (result.rows as RawRow[]).map(toHistoryRow), complete: COLUMNS.every(([name]) => present.has(name)) };
}

/** The whole history, oldest first; empty when the table does not exist yet. */
export async function readHistory(client: pg.Client): Promise<HistoryRow[]> {
  return (await readHistoryWithShape(client)).rows;
}

/**
 * The history, and whether the table already has all our columns (false when it is missing or was
 * written by the reference tool): the runner then creates or upgrades it, and reads again.
 */
export async function readHistoryWithShape(client: pg.Client): Promise<HistoryWithShape> {
  try {
    return historyFromResult(await client.query<RawRow>(HISTORY_SELECT));
  } catch (error) {
    if ((error as { code?: string }).code === UNDEFINED_TABLE) return { rows: [], complete: false };
    throw error;
  }
}

function toHistoryRow(raw: RawRow): HistoryRow {
  return {
    id: Number(raw.id),
    version: Number(raw.version),
    name: raw.name ?? String(raw.version),
    scope: raw.scope ?? '',
    direction: (raw.direction === 'down' ? 'down' : 'up') as Direction,
    appliedAt: raw.applied_at,
    appliedBy: raw.applied_by ?? null,
    executionTimeMs: raw.execution_time_ms ?? null,
    checksum: raw.checksum ?? null,
    runId: raw.run_id ?? null,
    downSql: raw.down_sql ?? null,
    downChecksum: raw.down_checksum ?? null,
  };
}

export interface StepRecord {
  step: PlannedStep;
  appliedBy: string;
  executionTimeMs: number;
  runId: string | null;
}

export async function appendHistory(client: pg.Client, record: StepRecord): Promise<void> {
  const { step } = record;
  await client.query(
    `INSERT INTO _migration_versions
       (version, name, scope, direction, applied_by, execution_time_ms, checksum, run_id, down_sql, down_checksum)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      step.version,
      step.name,
      step.scope,
      step.direction,
      record.appliedBy,
      record.executionTimeMs,
      step.checksum,
      record.runId,
      step.downSql,
      step.downChecksum,
    ],
  );
}

/** The server-side time since the current message arrived: the SQL's own execution time. */
export const SERVER_ELAPSED_MS = 'round(extract(epoch FROM clock_timestamp() - statement_timestamp()) * 1000)::integer';

/** The history row as SQL text, to travel in the same message as the migration (see runner.ts). */
export function historyInsertSql(record: Omit<StepRecord, 'executionTimeMs'>, executionTimeSql: string): string {
  const { step } = record;
  const literal = (value: string | number | null) => (value === null ? 'NULL' : typeof value === 'number' ? String(value) : pg.escapeLiteral(value));
  const values = [
    literal(step.version),
    literal(step.name),
    literal(step.scope),
    literal(step.direction),
    literal(record.appliedBy),
    executionTimeSql,
    literal(step.checksum),
    literal(record.runId),
    literal(step.downSql),
    literal(step.downChecksum),
  ];
  return `INSERT INTO _migration_versions
  (version, name, scope, direction, applied_by, execution_time_ms, checksum, run_id, down_sql, down_checksum)
VALUES (${values.join(', ')})`;
}
