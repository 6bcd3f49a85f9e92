// Whether a session token is still good: its user exists and it carries the user's current session
// version (bumped on sign-out, password reset and role change; see users.ts).
import type { HostDb } from '../db/host';
import { findUser, type PublicUser } from './users';

export type SessionVerdict = { valid: true; user: PublicUser } | { valid: false; reason: 'deleted' | 'ended' };

export async function checkSession(db: HostDb, token: { uid?: string | number | null; email?: string | null; sv?: number | null }): Promise<SessionVerdict> {
  const id = Number(token.uid);
  if (!Number.isInteger(id) || id <= 0) return { valid: false, reason: 'ended' };
  const user = await findUser(db, id);
  if (!user || (token.email != null && user.email !== token.email)) return { valid: false, reason: 'deleted' };
  // Tokens from before session versions existed carry none: they end too.
  if (user.sessionVersion !== token.sv) return { valid: false, reason: 'ended' };
  return { valid: true, user };
}
