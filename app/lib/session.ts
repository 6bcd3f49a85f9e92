// Who is signed in, for pages (server components). Actions use guardedAction (./action.ts).
import { redirect } from 'next/navigation';
import { auth } from '@/auth';
import type { Role } from '@/lib/auth/roles';
import { findUser } from '@/lib/auth/users';
import { hostDb } from '@/app/lib/server/engine';

export interface SessionUser {
  id: number;
  email: string;
  role: Role;
}

/**
 * The signed-in user as stored now, or a redirect to the sign-in page: a deleted user, and a session
 * whose version is no longer the user's (signed out, password reset, role changed), are signed out.
 */
export async function requireUser(): Promise<SessionUser> {
  const session = await auth();
  const id = Number(session?.user?.id);
  // The proxy let the request in, so there is a cookie: auth() refused it (ended, account deleted,
  // expired). /logout clears it and says why; redirecting to /login would bounce back here.
  if (!session?.user?.email || !Number.isInteger(id) || id <= 0) redirect('/logout');
  let stored;
  try {
    stored = await findUser(await hostDb(), id);
  } catch {
    // The host database cannot be read: the page says so; the session is all we know.
    return { id, email: session.user.email, role: session.user.role };
  }
  if (!stored || stored.email !== session.user.email) redirect('/logout?reason=account');
  if (stored.sessionVersion !== session.user.sessionVersion) redirect('/logout?reason=ended');
  return { id, email: stored.email, role: stored.role };
}
