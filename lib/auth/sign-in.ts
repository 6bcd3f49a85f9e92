// Checking a sign-in attempt: lockouts first (a locked account or address is refused without
// looking at the password), then the password. Every wrong password is audited (the lock bounds how
// many); while a key is locked only its first refused attempt is audited, the rest are counted.
import type { HostDb } from '../db/host';
import { recordAudit } from './audit';
import { checkSignInLock, recordSignInFailure, unlockAccount } from './lockout';
import { signInKeys } from './throttle';
import { verifyCredentials, type PublicUser } from './users';

export type SignInOutcome = { ok: true; user: PublicUser } | { ok: false; reason: 'wrong-password' } | { ok: false; reason: 'locked'; retryInSeconds: number };

export async function signInWithPassword(db: HostDb, attempt: { email: string; password: string; address: string; now?: Date }): Promise<SignInOutcome> {
  const { email, password, address } = attempt;
  const now = attempt.now ?? new Date();
  const origin = `dashboard ${address}`;
  const keys = signInKeys(email, address);

  const lock = await checkSignInLock(db, keys, now);
  if (lock.retryInSeconds) {
    for (const l of lock.locked.filter((l) => l.refused === 1)) {
      await recordAudit(db, {
        actor: email,
        action: 'sign-in',
        outcome: 'refused',
        detail: { reason: 'locked', locked: l.kind, lockedUntil: l.lockedUntil.toISOString(), note: 'further attempts during this lock are counted (users page), not logged one by one' },
        origin,
      });
    }
    return { ok: false, reason: 'locked', retryInSeconds: lock.retryInSeconds };
  }

  const user = await verifyCredentials(db, email, password);
  if (!user) {
    const locked = await recordSignInFailure(db, keys, now);
    await recordAudit(db, {
      actor: email,
      action: 'sign-in',
      outcome: 'refused',
      detail: { reason: 'wrong email or password', ...(locked.length ? { nowLocked: locked.map((k) => k.kind) } : {}) },
      origin,
    });
    return { ok: false, reason: 'wrong-password' };
  }
  await unlockAccount(db, user.email, now); // the account's count starts again (the address's does not)
  await recordAudit(db, { actor: user.email, action: 'sign-in', outcome: 'allowed', detail: { role: user.role }, origin });
  return { ok: true, user };
}
