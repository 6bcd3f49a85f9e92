// Every server action goes through guardedAction: it checks the session and the role first (nothing
// else touches a database before that), then parses the input with zod, then runs. Refusals are
// written to the audit log with who, what and where from. (After saas-starter's validatedActionWithUser.)
import { z } from 'zod';
import { auth } from '@/auth';
import { recordAudit } from '@/lib/auth/audit';
import { hasRole, rolesAllowed, type Role } from '@/lib/auth/roles';
import { findUser } from '@/lib/auth/users';
import { fileLocation, problemOf, redact } from '@/lib/engine';
import { hostDb } from '@/app/lib/server/engine';
import type { SessionUser } from './session';
import { requestOrigin } from './origin';

export type ActionError = { ok: false; code: 'unauthenticated' | 'forbidden' | 'invalid' | 'failed'; error: string; hint?: string };
export type ActionResult<T> = { ok: true; data: T } | ActionError;

export interface ActionContext {
  user: SessionUser;
  origin: string;
  audit: (entry: { action?: string; outcome: 'allowed' | 'refused'; detail?: Record<string, unknown> }) => Promise<void>;
}

interface Spec<S extends z.ZodType> {
  /** Name in the audit log: `migrate`, `rehearse`, `user.add`, … (may depend on the raw input). */
  action: string | ((raw: unknown) => string);
  role: Role;
  schema: S;
  /** What was attempted, for the audit log of a refusal (from the raw, unvalidated input). */
  attempted?: (raw: unknown) => Record<string, unknown>;
}

export function guardedAction<S extends z.ZodType, T>(spec: Spec<S>, fn: (input: z.output<S>, ctx: ActionContext) => Promise<T>) {
  return async (raw: unknown): Promise<ActionResult<T>> => {
    const origin = await requestOrigin();
    const name = spec.action;
    const actionName = typeof name === 'function' ? safe(() => name(raw), 'unknown') : name;
    const attempted = spec.attempted ? safe(() => spec.attempted!(raw), {}) : {};
    const refuse = async (actor: string | null, code: ActionError['code'], error: string, detail: Record<string, unknown>): Promise<ActionError> => {
      try {
        await recordAudit(await hostDb(), { actor, action: actionName, outcome: 'refused', detail: { ...detail, ...attempted }, origin });
      } catch (error) {
        console.error(`fastmigrate dashboard: could not write the audit log: ${problemOf(error).problem.message}`);
      }
      return { ok: false, code, error };
    };

    // 1. A session, and a role that allows this, before any other database work.
    const session = await auth();
    const id = Number(session?.user?.id);
    if (!session?.user?.email || !Number.isInteger(id) || id <= 0) {
      return refuse(null, 'unauthenticated', 'You are not signed in (or your session has ended): sign in again.', { reason: 'not signed in' });
    }
    const email = session.user.email;
    if (!hasRole(session.user.role, spec.role)) {
      return refuse(email, 'forbidden', `Your role (${session.user.role}) may not do this: it needs ${rolesAllowed(spec.role)}.`, {
        reason: 'role',
        role: session.user.role,
        required: spec.role,
      });
    }
    // 2. The session may be older than a change to the user: check the user as stored now.
    let stored;
    try {
      stored = await findUser(await hostDb(), id);
    } catch (error) {
      return failure(error);
    }
    if (!stored || stored.email !== email) return refuse(email, 'unauthenticated', 'Your account no longer exists: sign in again.', { reason: 'user deleted' });
    if (stored.sessionVersion !== session.user.sessionVersion) {
      return refuse(email, 'unauthenticated', 'Your session has ended (you signed out, or your password or role was changed): sign in again.', { reason: 'session ended' });
    }
    if (!hasRole(stored.role, spec.role)) {
      return refuse(email, 'forbidden', `Your role (${stored.role}) may not do this: it needs ${rolesAllowed(spec.role)}.`, {
        reason: 'role',
        role: stored.role,
        required: spec.role,
      });
    }
    const user: SessionUser = { id, email, role: stored.role };

    // 3. The input.
    const parsed = spec.schema.safeParse(raw);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`);
      return refuse(email, 'invalid', `Invalid request: ${issues.join('; ')}`, { reason: 'invalid input', issues: issues.slice(0, 10) });
    }

    // 4. The work.
    const ctx: ActionContext = {
      user,
      origin,
      audit: async (entry) =>
        recordAudit(await hostDb(), { actor: email, action: entry.action ?? actionName, outcome: entry.outcome, detail: entry.detail, origin }),
    };
    try {
      return { ok: true, data: await fn(parsed.data, ctx) };
    } catch (error) {
      return failure(error);
    }
  };
}

function safe<T>(fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch {
    return fallback;
  }
}

/** An error as the browser may see it: a message and a hint, never a stack, password or URL. */
export function failure(error: unknown): ActionError {
  if (error instanceof z.ZodError) return { ok: false, code: 'invalid', error: error.issues.map((i) => i.message).join('; ') };
  const { problem, details } = problemOf(error);
  if (problem.kind === 'internal') console.error(`fastmigrate dashboard: ${redact(problem.message)}`);
  const hint = details.length ? details.map((d) => `${fileLocation(d) ?? ''}: ${d.message}`).join('\n') : (problem.hint ?? undefined);
  return { ok: false, code: 'failed', error: redact(problem.message), ...(hint ? { hint: redact(hint) } : {}) };
}
