// Turning driver and server errors into what a person needs: a class, a message, the SQLSTATE.
import { redact } from './redact';

/**
 * `blocked`: the database holds something a person must repair before migrations may run there (an
 * INVALID index left by a failed concurrent build). Unlike a refusal about the files, it counts as
 * a failure of that database: status shows it as failed, with the message that says what to do.
 */
export type FailureKind = 'unreachable' | 'auth-failed' | 'locked' | 'blocked' | 'sql' | 'internal';

export interface Failure {
  kind: FailureKind;
  message: string;
  sqlstate: string | null;
}

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

export function describeFailure(error: unknown): Failure {
  const err = (error ?? {}) as DriverError;
  const code = typeof err.code === 'string' ? err.code : null;
  const message = redact(messageOf(error));
  if (code === '3D000') return { kind: 'unreachable', message, sqlstate: code };
  if (code === '28P01' || code === '28000') return { kind: 'auth-failed', message, sqlstate: code };
  // No credentials configured for a tenant's server (FASTMIGRATE_SERVER_URLS): a login problem, found before connecting.
  if (code === NO_CREDENTIALS) return { kind: 'auth-failed', message, sqlstate: null };
  if (code && UNREACHABLE_CODES.has(code)) return { kind: 'unreachable', message, sqlstate: null };
  if (/timeout expired|Connection terminated due to connection timeout/i.test(message)) {
    return { kind: 'unreachable', message: 'connection timed out', sqlstate: null };
  }
  if (code && /^[0-9A-Z]{5}$/.test(code)) return { kind: 'sql', message, sqlstate: code };
  return { kind: 'internal', message, sqlstate: null };
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
