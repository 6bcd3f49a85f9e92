import { TrustedProxiesError } from '@/lib/auth/origin';
import { problemOf, redact } from '@/lib/engine';

/** Why the password could not be checked, for the sign-in form: what failed and what to do. */
export function signInProblem(error: Error): string {
  // Auth.js wraps what authorize() threw: { cause: { err } }.
  const cause = (error.cause as { err?: unknown } | undefined)?.err ?? error;
  if (cause instanceof TrustedProxiesError) return `Sign-in is unavailable: ${cause.message} — ${cause.hint}.`;
  const { problem } = problemOf(cause);
  if (problem.database === 'host') return `Sign-in is unavailable: ${problem.message} — ${problem.hint}.`;
  console.error(`fastmigrate dashboard: sign-in failed: ${redact(problem.message)}`);
  return 'Sign-in failed: the server could not check the password (the server log says why).';
}
