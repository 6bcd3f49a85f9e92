// I/O: the `_migration_versions` table of one database (DESIGN §3). Append-only.
import pg from 'pg';
import type { Direction, HistoryKind, HistoryRow, PlannedStep } from './types';

const COLUMNS: Array<[name: string, type: string]> = [
  ['version', 'bigint NOT NULL'],
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
  // 'baseline' (recorded, never run) or 'repair' (an edited file accepted); null for a step that ran.
  ['kind', 'text'],
  ['reason', 'text'],
];

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS _migration_versions (
  id bigserial PRIMARY KEY,
  ${COLUMNS.map(([name, type]) => `${name} ${type}`).join(',\n  ')},
  CONSTRAINT _migration_versions_direction CHECK (direction IN ('up', 'down'))
)`;

/**
 * The order of events in a table without our `id` (the reference tool's): by applied_at, and at the
 * same instant (one transaction) an `up` before a `down`, ups by ascending and downs by descending
 * version, as that tool ran them. With `id` (ours, or after the upgrade) the id decides.
 */
const EVENT_ORDER = `m.applied_at NULLS FIRST, (m.direction = 'down'), CASE WHEN m.direction = 'down' THEN -m.version ELSE m.version END`;

interface TableShape {
  columns: Map<string, string>;
  /** The primary key's columns, in order. */
  primaryKey: string[];
  primaryKeyName: string | null;
}

async function tableShape(client: pg.Client): Promise<TableShape | null> {
  // pg_attribute, not information_schema: this runs once per database per run.
  const { rows } = await client.query<{ name: string; type: string; pk: string[] | null; pk_name: string | null }>(
    `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
            (SELECT array_agg(k.attname::text ORDER BY k.attnum) FROM pg_constraint c
               JOIN pg_attribute k ON k.attrelid = c.conrelid AND k.attnum = ANY (c.conkey)
              WHERE c.conrelid = a.attrelid AND c.contype = 'p') AS pk,
            (SELECT c.conname::text FROM pg_constraint c WHERE c.conrelid = a.attrelid AND c.contype = 'p') AS pk_name
       FROM pg_attribute a
      WHERE a.attrelid = to_regclass('_migration_versions') AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attnum`,
  );
  if (!rows.length) return null;
  return { columns: new Map(rows.map((r) => [r.name, r.type])), primaryKey: rows[0].pk ?? [], primaryKeyName: rows[0].pk_name };
}

/**
 * Creates the table, or upgrades one written by the reference tool (or an older version of ours)
 * in place, in one transaction: every row is kept and numbered in its order of events, its
 * `(version, direction)` key (which forbade applying a version again after a rollback) becomes
 * `id`, `version` becomes 64-bit, and our columns are added. Call it only while holding the
 * migration lock: concurrent CREATE TABLE IF NOT EXISTS can fail on the catalog.
 */
export async function ensureHistoryTable(client: pg.Client): Promise<void> {
  await client.query('BEGIN');
  try {
    const shape = await tableShape(client);
    if (!shape) await client.query(CREATE_TABLE);
    else for (const statement of upgradeStatements(shape)) await client.query(statement);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}

function upgradeStatements(shape: TableShape): string[] {
  const statements: string[] = [];
  if (!shape.columns.has('id')) {
    statements.push(
      'ALTER TABLE _migration_versions ADD COLUMN id bigint',
      `UPDATE _migration_versions t SET id = o.n
         FROM (SELECT m.ctid AS row, row_number() OVER (ORDER BY ${EVENT_ORDER}) AS n FROM _migration_versions m) o
        WHERE t.ctid = o.row`,
      'CREATE SEQUENCE _migration_versions_id_seq OWNED BY _migration_versions.id',
      "SELECT setval('_migration_versions_id_seq', COALESCE((SELECT max(id) FROM _migration_versions), 0) + 1, false)",
      "ALTER TABLE _migration_versions ALTER COLUMN id SET DEFAULT nextval('_migration_versions_id_seq'), ALTER COLUMN id SET NOT NULL",
    );
  }
  if (shape.primaryKey.join() !== 'id') {
    if (shape.primaryKeyName) statements.push(`ALTER TABLE _migration_versions DROP CONSTRAINT ${pg.escapeIdentifier(shape.primaryKeyName)}`);
    statements.push('ALTER TABLE _migration_versions ADD PRIMARY KEY (id)');
  }
  if (shape.columns.get('version') === 'integer') statements.push('ALTER TABLE _migration_versions ALTER COLUMN version TYPE bigint');
  for (const [name, type] of COLUMNS.filter(([name]) => !shape.columns.has(name))) {
    statements.push(`ALTER TABLE _migration_versions ADD COLUMN ${name} ${type.replace(/ NOT NULL/, '')}`);
  }
  return statements;
}

const UNDEFINED_TABLE = '42P01';
const UNDEFINED_COLUMN = '42703';
const INT8 = 20;

interface RawRow {
  id?: string | number | null;
  version: number | string;
  name: string | null;
  scope?: string | null;
  direction: string;
  applied_at: Date | null;
  applied_by?: string | null;
  execution_time_ms?: number | null;
  checksum?: string | null;
  run_id?: string | null;
  down_sql?: string | null;
  down_checksum?: string | null;
  kind?: string | null;
  reason?: string | null;
}

/** The whole history, oldest first; empty when the table does not exist yet. Read-only. */
export async function readHistory(client: pg.Client): Promise<HistoryRow[]> {
  return (await readHistoryWithShape(client)).rows;
}

/**
 * The history in its order of events, and whether the table already has our shape (false when it
 * is missing or was written by the reference tool): the runner then creates or upgrades it under
 * the lock, and reads again. Rows of a table without `id` are numbered in that order, the numbers
 * the upgrade gives them.
 */
export async function readHistoryWithShape(client: pg.Client): Promise<{ rows: HistoryRow[]; complete: boolean }> {
  try {
    // SELECT * so that tables written by the reference tool (fewer columns) still read.
    // Our table (or an upgraded one) is ordered by id; the reference tool's has none (42703).
    const result = await client
      .query<RawRow>('SELECT * FROM _migration_versions m ORDER BY id')
      .catch((error) => {
        if ((error as { code?: string }).code !== UNDEFINED_COLUMN) throw error;
        return client.query<RawRow>(`SELECT * FROM _migration_versions m ORDER BY ${EVENT_ORDER}`);
      });
    const fields = new Map(result.fields.map((f) => [f.name, f.dataTypeID]));
    const complete = fields.has('id') && fields.get('version') === INT8 && COLUMNS.every(([name]) => fields.has(name));
    return { rows: result.rows.map((raw, i) => toHistoryRow(raw, i + 1)), complete };
  } catch (error) {
    if ((error as { code?: string }).code === UNDEFINED_TABLE) return { rows: [], complete: false };
    throw error;
  }
}

function toHistoryRow(raw: RawRow, position: number): HistoryRow {
  return {
    id: raw.id === undefined || raw.id === null ? position : Number(raw.id),
    version: Number(raw.version),
    name: raw.name ?? String(raw.version),
    scope: raw.scope ?? '',
    direction: (raw.direction === 'down' ? 'down' : 'up') as Direction,
    appliedAt: raw.applied_at ?? new Date(0),
    appliedBy: raw.applied_by ?? null,
    executionTimeMs: raw.execution_time_ms ?? null,
    checksum: raw.checksum ?? null,
    runId: raw.run_id ?? null,
    downSql: raw.down_sql ?? null,
    downChecksum: raw.down_checksum ?? null,
    kind: raw.kind === 'baseline' || raw.kind === 'repair' ? raw.kind : null,
    reason: raw.reason ?? null,
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

/**
 * Baseline and repair: history rows written without running any SQL, all of them or none, each
 * marked with its kind (and a repair with its reason).
 */
export async function appendRecords(
  client: pg.Client,
  steps: readonly PlannedStep[],
  record: { kind: HistoryKind; reason: string | null; appliedBy: string; runId: string | null },
): Promise<void> {
  if (!steps.length) return;
  const params: unknown[] = [];
  const rows = steps.map((step) => {
    const values = [step.version, step.name, step.scope, step.direction, record.appliedBy, step.checksum, record.runId, step.downSql, step.downChecksum, record.kind, record.reason];
    const placeholders = values.map((v) => `$${params.push(v)}`);
    return `(${placeholders.join(', ')}, 0)`;
  });
  await client.query('BEGIN');
  try {
    await client.query(
      `INSERT INTO _migration_versions
         (version, name, scope, direction, applied_by, checksum, run_id, down_sql, down_checksum, kind, reason, execution_time_ms)
       VALUES ${rows.join(',\n       ')}`,
      params,
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}
