// Pure: the one shape of everything that goes wrong, from the engine to the screen — what, where
// (database, file, line), the SQLSTATE and how to fix it. The engine produces Problems, the run log
// stores their fields as columns, and the CLI and the dashboard each render them with one function.

export type ProblemKind =
  /** A migration file is malformed: nothing runs anywhere until it is fixed. */
  | 'file'
  /** The engine will not touch a database until a person acts (checksum mismatch, missing file, out of order, irreversible). */
  | 'refused'
  /** PostgreSQL rejected the migration's SQL. */
  | 'sql'
  /** Another runner held the database's migration lock past the deadline. */
  | 'locked'
  /** The database holds something to repair before migrations may run (an INVALID index). */
  | 'blocked'
  | 'unreachable'
  | 'auth-failed'
  /** A tenant row that cannot be used (bad database name, duplicate, …); never connected to. */
  | 'invalid'
  | 'config'
  | 'usage'
  | 'internal';

export interface Problem {
  kind: ProblemKind;
  message: string;
  /** How to fix it; null when there is nothing better to say than the message. */
  hint: string | null;
  /** `host` or the tenant id, when the problem belongs to one database. */
  database: string | null;
  /** Path relative to the migrations folder. */
  file: string | null;
  line: number | null;
  column: number | null;
  version: number | null;
  sqlstate: string | null;
}

export type ProblemFields = Partial<Omit<Problem, 'kind' | 'message'>>;

export function problem(kind: ProblemKind, message: string, fields: ProblemFields = {}): Problem {
  return {
    kind,
    message,
    hint: fields.hint ?? null,
    database: fields.database ?? null,
    file: fields.file ?? null,
    line: fields.line ?? null,
    column: fields.column ?? null,
    version: fields.version ?? null,
    sqlstate: fields.sqlstate ?? null,
  };
}

/** `tenant/003_x.sql:7:5`, `tenant/003_x.sql:7`, `tenant/003_x.sql`, or null. */
export function fileLocation(p: Pick<Problem, 'file' | 'line' | 'column'>): string | null {
  if (!p.file) return null;
  if (!p.line) return p.file;
  return p.column ? `${p.file}:${p.line}:${p.column}` : `${p.file}:${p.line}`;
}

/** Plain text for terminals, logs and JSON: `message (file:line)` and, on its own line, the fix. */
export function problemText(p: Problem): string {
  const where = fileLocation(p);
  return `${p.message}${where ? ` (${where})` : ''}${p.hint ? `\n  fix: ${p.hint}` : ''}`;
}

/**
 * An error that carries its Problem: what the engine throws for everything a person must act on
 * (bad usage, bad configuration, bad migration files). `details` lists the individual problems
 * behind a summary (every file problem of a migrations folder).
 */
export class ProblemError extends Error {
  constructor(
    readonly problem: Problem,
    readonly details: readonly Problem[] = [],
  ) {
    super(problem.message);
    this.name = new.target.name;
  }

  get hint(): string {
    return this.problem.hint ?? '';
  }
}
