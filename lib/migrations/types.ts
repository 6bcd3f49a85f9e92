// Shared data shapes of the engine. Pure: no I/O lives here.
import { problem, type Problem } from '../problem';

/** The folder a migration file lives in. */
export type Scope = 'host' | 'tenant' | 'both';

export type { DatabaseKind } from '../db/connection';

export type Direction = 'up' | 'down';

/** One section (UP or DOWN) of a migration file. */
export interface Section {
  /** The SQL as written (BOM removed, CRLF turned into LF), without the marker line. */
  sql: string;
  /** SHA-256 hex of `sql` (DESIGN §2). */
  checksum: string;
  /** 1-based line in the file of the first line after the marker. */
  startLine: number;
  /** The section carries `-- fastmigrate:no-transaction` (it then holds a single statement). */
  noTransaction: boolean;
}

export interface Migration {
  version: number;
  /** The file name without `.sql`, e.g. `003_add_budgets`. Recorded in `_migration_versions.name`. */
  name: string;
  /** The description part of the file name, e.g. `add_budgets`. */
  description: string;
  scope: Scope;
  /** Path relative to the migrations folder, e.g. `tenant/003_add_budgets.sql`. */
  file: string;
  up: Section;
  /** Null only when the file is marked irreversible and has no DOWN SQL. */
  down: Section | null;
  irreversible: boolean;
  /** Header comments (`-- Author: …`) by lower-case key. */
  header: Record<string, string>;
}

/** A problem in the migration files, always tied to a file and (when known) a line. */
export interface FileProblem {
  /** Path relative to the migrations folder (or the folder itself for folder-level problems). */
  file: string;
  /** 1-based line, or null for problems of the whole file. */
  line: number | null;
  message: string;
  /** How to fix it. */
  hint: string;
}

/** All migrations, split into the two streams a database can receive. */
export interface MigrationSet {
  /** Absolute or given path of the migrations folder (for messages only). */
  dir: string;
  host: Migration[];
  tenant: Migration[];
}

/** One row of `_migration_versions` (DESIGN §3). */
export interface HistoryRow {
  id: number;
  version: number;
  name: string;
  scope: string;
  direction: Direction;
  appliedAt: Date;
  appliedBy: string | null;
  executionTimeMs: number | null;
  checksum: string | null;
  runId: string | null;
  /** DOWN SQL kept at apply time (up rows only). */
  downSql: string | null;
  downChecksum: string | null;
  /** `baseline`: recorded as applied without running; `repair`: an edited file's checksum accepted. */
  kind?: HistoryKind | null;
  /** Why a repair was recorded (`--reason`). */
  reason?: string | null;
}

export type HistoryKind = 'baseline' | 'repair';

/** What the caller asks of a database. */
export type PlanRequest =
  | { action: 'migrate'; to?: number }
  | { action: 'rollback'; steps?: number; to?: number }
  | BaselineRequest
  | RepairRequest;

/** Record versions as applied without running them: up to `to`, or exactly `versions`. */
export type BaselineRequest = { action: 'baseline'; to: number } | { action: 'baseline'; versions: number[] };

/** Accept the file as it is now for an applied version (a new history row; no SQL runs). */
export interface RepairRequest {
  action: 'repair';
  version: number;
  reason: string;
}

/** Requests that write history rows only. */
export function recordsOnly(request: PlanRequest): request is BaselineRequest | RepairRequest {
  return request.action === 'baseline' || request.action === 'repair';
}

export interface PlanOptions {
  /** Apply pending versions lower than an applied one (DESIGN §5 refuses by default). */
  allowOutOfOrder?: boolean;
  /** Roll back with a DOWN whose file text differs from the DOWN kept at apply time. */
  allowEditedDown?: boolean;
}

/** One migration step that a plan will execute. */
export interface PlannedStep {
  direction: Direction;
  version: number;
  name: string;
  scope: Scope | string;
  /** File the SQL comes from, or null when it comes from the DOWN kept in history. */
  file: string | null;
  /** Line in `file` where `sql` starts (for mapping PostgreSQL error positions), or null. */
  startLine: number | null;
  sql: string;
  checksum: string;
  noTransaction: boolean;
  /** For up steps: the DOWN to keep with the history row. */
  downSql: string | null;
  downChecksum: string | null;
}

export type RefusalCode = 'checksum-mismatch' | 'missing-file' | 'out-of-order' | 'irreversible' | 'edited-down' | 'no-down' | 'already-recorded' | 'not-repairable';

/** A file problem as a Problem. */
export function fileProblem(p: FileProblem): Problem {
  return problem('file', p.message, { hint: p.hint, file: p.file, line: p.line, column: (p as { column?: number | null }).column ?? null });
}

/** A reason the engine will not touch a database until a person acts. */
export interface Refusal {
  code: RefusalCode;
  version: number;
  message: string;
  hint: string;
}

/** A refusal as the Problem a run records for its database. */
export function refusalProblem(refusal: Refusal, database: string | null = null): Problem {
  return problem('refused', refusal.message, { hint: refusal.hint, version: refusal.version, database });
}

export interface Plan {
  request: PlanRequest;
  /** Versions applied before the plan runs, ascending. */
  applied: number[];
  /** Current version before the plan (highest applied), 0 when none. */
  current: number;
  /** Current version after the plan would run. */
  target: number;
  steps: PlannedStep[];
  /** Non-empty means nothing runs on this database. */
  refusals: Refusal[];
  /** Things worth saying that do not stop the plan. */
  notes: string[];
}
