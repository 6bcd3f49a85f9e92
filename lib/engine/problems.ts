// The engine's own errors. Each carries a Problem (lib/problem.ts); problemOf turns any error into one.
import { ConfigError, type Config } from '../config';
import { describeFailure } from '../db/failure';
import { problem, ProblemError } from '../problem';

/** The request cannot be carried out as asked (unknown tenant, conflicting options, …): exit code 2. */
export class UsageError extends ProblemError {
  constructor(message: string, hint: string) {
    super(problem('usage', message, { hint }));
  }
}

/** The host database cannot be used at all: nothing can be read or run. */
export class HostUnreachableError extends ConfigError {}

export function hostUnreachable(error: unknown, config: Config): HostUnreachableError {
  const f = describeFailure(error);
  const hint =
    f.kind === 'auth-failed'
      ? `check the user and password in ${config.databaseUrlSource}`
      : config.databaseUrlSource.startsWith('the demo')
        ? 'the demo is not running: start it with `npm run demo` (or set DATABASE_URL)'
        : `check that the server in ${config.databaseUrlSource} is running and reachable`;
  return new HostUnreachableError(`cannot use the host database: ${f.message}`, hint, f.kind === 'auth-failed' ? 'auth-failed' : 'unreachable');
}
