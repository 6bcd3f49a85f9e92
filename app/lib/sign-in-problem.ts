import { TrustedProxiesError } from '@/lib/auth/origin';
import { explainHostError } from '@/lib/db/host-error';
import { redact } from '@/lib/db/redact';

/** Why the password could not be checked, for the sign-in form: what failed and what to do. */
export function signInProblem(error: Error): string {
  // Auth.js wraps what authorize() threw: { cause: { err } }.
  const cause = (error.cause as { err?: unknown } | undefined)?.err ?? error;
  const host = explainHostError(cause);
  if (host) return `Sign-in is unavailable: ${host.message} — ${host.hint}.`;
  if (cause instanceof TrustedProxiesError) return `Sign-in is unavailable: ${cause.message} — ${cause.hint}.`;
  console.error(`fastmigrate dashboard: sign-in failed: ${redact(cause instanceof Error ? cause.message : String(cause))}`);
  return 'Sign-in failed: the server could not check the password (the server log says why).';
}
