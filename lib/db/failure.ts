// Turning driver and server errors into what a person needs: a class, a message, the SQLSTATE.
import { problem, ProblemError, type Problem, type ProblemFields } from '../problem';
import { redact } from '../util/redact';
import { explainHostError } from './host-error';

/**
 * `blocked`: the database holds something a person must repair before migrations may run there (an
 * INVALID index left by a failed concurrent build). Unlike a refusal about the files, it counts as
 * a failure of that database: status shows it as failed, with the message that says what to do.
 */
export type FailureKind = 'unreachable' | 'auth-failed' | 'locked' | 'blocked' | 'sql' | 'internal';

/** A Problem that a driver or server error turned into. */
export type Failure = Problem & { kind: FailureKind };

/** The `code` of an error thrown instead of connecting to a server we hold no credentials for. */
export const NO_CREDENTIALS = 'FM_NO_CREDENTIALS';

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'EAI_AGAIN']);

interface DriverError {
  code?: string;
  message?: string;
  detail?: string;
  hint?: string;
  errors?: unknown[];
}

/** Classifies a driver or server error; `fields` adds where it happened (database, file, …). */
export function describeFailure(error: unknown, fields: ProblemFields = {}): Failure {
  // drizzle wraps driver errors as "Failed query: <the SQL> params: …": the cause is what matters.
  const cause = (error as { cause?: unknown } | null)?.cause;
  if (error instanceof Error && cause && /^Failed query:/.test(error.message)) return describeFailure(cause, fields);
  const err = (error ?? {}) as DriverError;
  const code = typeof err.code === 'string' ? err.code : null;
  const message = redact(messageOf(error));
  const failure = (kind: FailureKind, text: string, sqlstate: string | null) => ({ ...problem(kind, text, { ...fields, sqlstate }), kind });
  if (code === '3D000') return failure('unreachable', message, code);
  if (code === '28P01' || code === '28000') return failure('auth-failed', message, code);
  // No credentials configured for a tenant's server (FASTMIGRATE_SERVER_URLS): a login problem, found before connecting.
  if (code === NO_CREDENTIALS) return failure('auth-failed', message, null);
  if (code && UNREACHABLE_CODES.has(code)) return failure('unreachable', message, null);
  if (/timeout expired|Connection terminated due to connection timeout/i.test(message)) return failure('unreachable', 'connection timed out', null);
  if (code && /^[0-9A-Z]{5}$/.test(code)) return failure('sql', message, code);
  return failure('internal', message, null);
}

/**
 * Any error as a Problem with the problems behind it: the engine's own errors carry theirs; driver
 * and server errors are classified. The one mapping every surface (CLI, server actions, pages) uses.
 */
export function problemOf(error: unknown): { problem: Problem; details: readonly Problem[] } {
  if (error instanceof ProblemError) return { problem: error.problem, details: error.details };
  return { problem: explainHostError(error) ?? describeFailure(error), details: [] };
}

function messageOf(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length) return messageOf(error.errors[0]);
  if (error instanceof Error) {
    const err = error as Error & DriverError;
    const parts = [err.message || err.code || 'unknown error'];
    if (err.detail) parts.push(`DETAIL: ${err.detail}`);
    if (err.hint) parts.push(`HINT: ${err.hint}`);
    return parts.join('\n');
  }
  return String(error);
}
