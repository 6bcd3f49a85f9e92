// The one mapping from a failed use of the host database (a pg error, or drizzle's "Failed query: …"
// wrapper around one) to what a person may read: what failed and what to do. Never the query text
// or its parameters (they can hold emails and hashes), never a password.
import { DrizzleQueryError } from 'drizzle-orm/errors';
import type { Problem } from '../problem';
import { describeFailure } from './failure';

/**
 * The Problem of a driver error that reached a surface unhandled: such an error is the host
 * database's (tenant databases' errors are caught and attributed by the engine). Null when the error
 * is not a driver error (the caller has its own words for those).
 */
export function explainHostError(error: unknown): Problem | null {
  const cause = driverError(error);
  if (!cause) return null;
  const f = describeFailure(cause);
  const sqlstate = f.sqlstate ? ` [${f.sqlstate}]` : '';
  const as = (message: string, hint: string): Problem => ({ ...f, message, hint, database: 'host' });
  switch (f.kind) {
    case 'unreachable':
      return f.sqlstate === '3D000'
        ? as(`the host database does not exist: ${f.message}`, 'check the database name in DATABASE_URL')
        : as(`cannot reach the host database: ${f.message}`, 'check that PostgreSQL is running and that DATABASE_URL points at it (for the demo: `npm run demo`)');
    case 'auth-failed':
      return as(`the host database refused the login: ${f.message}`, 'check the user and password in DATABASE_URL');
    case 'sql':
      if (f.sqlstate?.startsWith('57P') || f.sqlstate?.startsWith('08')) {
        return as(`lost the connection to the host database: ${f.message}${sqlstate}`, 'check that PostgreSQL is running, then try again');
      }
      return as(`the host database refused a query: ${f.message}${sqlstate}`, 'try again; if it persists, the server log has the details');
    default:
      return as(`the host database could not be used: ${f.message}`, 'check that PostgreSQL is running and that DATABASE_URL points at it');
  }
}

/** The pg error inside drizzle's wrapper, or the error itself when it came from pg or the socket. */
function driverError(error: unknown): unknown {
  if (error instanceof DrizzleQueryError) return error.cause ?? new Error('query failed');
  if (error instanceof AggregateError) return error.errors.some(isDriverError) ? error : null;
  return isDriverError(error) ? error : null;
}

function isDriverError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as Error & { code?: unknown }).code;
  if (typeof code === 'string' && (/^[0-9A-Z]{5}$/.test(code) || /^E[A-Z]+$/.test(code))) return true;
  // pg's own errors without a code: a dropped or timed-out connection.
  return /^Connection terminated|timeout expired|Client has encountered a connection error/i.test(error.message);
}
