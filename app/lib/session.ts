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
 * The signed-in user as stored now (a changed role shows at once; a deleted user is signed out),
 * or a redirect to the sign-in page.
 */
export async function requireUser(): Promise<SessionUser> {
  const session = await auth();
  const id = Number(session?.user?.id);
  if (!session?.user?.email || !Number.isInteger(id) || id <= 0) redirect('/login');
  let stored;
  try {
    stored = await findUser(await hostDb(), id);
  } catch {
    // The host database cannot be read: the page says so; the session is all we know.
    return { id, email: session.user.email, role: session.user.role };
  }
  if (!stored || stored.email !== session.user.email) redirect('/logout?reason=account');
  return { id, email: stored.email, role: stored.role };
}
