// The one mapping from a failed use of the host database (a pg error, or drizzle's "Failed query: …"
// wrapper around one) to what a person may read: what failed and what to do. Never the query text
// or its parameters (they can hold emails and hashes), never a password.
import { DrizzleQueryError } from 'drizzle-orm/errors';
import { describeFailure } from './errors';

export interface HostErrorExplanation {
  message: string;
  hint: string;
}

/** null when the error is not the host database's (the caller has its own words for those). */
export function explainHostError(error: unknown): HostErrorExplanation | null {
  const cause = driverError(error);
  if (!cause) return null;
  const f = describeFailure(cause);
  const sqlstate = f.sqlstate ? ` [${f.sqlstate}]` : '';
  switch (f.kind) {
    case 'unreachable':
      return f.sqlstate === '3D000'
        ? { message: `the host database does not exist: ${f.message}`, hint: 'check the database name in DATABASE_URL' }
        : { message: `cannot reach the host database: ${f.message}`, hint: 'check that PostgreSQL is running and that DATABASE_URL points at it (for the demo: `npm run demo`)' };
    case 'auth-failed':
      return { message: `the host database refused the login: ${f.message}`, hint: 'check the user and password in DATABASE_URL' };
    case 'sql':
      if (f.sqlstate?.startsWith('57P') || f.sqlstate?.startsWith('08')) {
        return { message: `lost the connection to the host database: ${f.message}${sqlstate}`, hint: 'check that PostgreSQL is running, then try again' };
      }
      return { message: `the host database refused a query: ${f.message}${sqlstate}`, hint: 'try again; if it persists, the server log has the details' };
    default:
      return { message: `the host database could not be used: ${f.message}`, hint: 'check that PostgreSQL is running and that DATABASE_URL points at it' };
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
