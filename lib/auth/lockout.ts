// Sign-in failures and lockouts, kept in the host database (fastmigrate.sign_in_throttle) so that
// every dashboard process and the CLI (`fastmigrate user unlock`, `user add --reset`) share them.
// The policy (keys, limits, durations) is in ./throttle.ts.
import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { HostDb } from '../db/host';
import { signInThrottle } from './schema';
import { accountKey, LOCK_MS, WINDOW_MS, type ThrottleKey, type ThrottleKind } from './throttle';

export interface LockState {
  /** Seconds until the longest of the locks ends; 0 when the attempt may go ahead. */
  retryInSeconds: number;
  /** The keys that are locked, and how many attempts each has refused, this one included. */
  locked: Array<{ key: string; kind: ThrottleKind; refused: number; lockedUntil: Date }>;
}

/**
 * Whether any of the keys is locked; counts this attempt as refused on each locked key. A key's
 * first refusal (refused = 1) is the one to audit; the rest are only counted.
 */
export async function checkSignInLock(db: HostDb, keys: readonly ThrottleKey[], now = new Date()): Promise<LockState> {
  const rows = await db
    .update(signInThrottle)
    .set({ refused: sql`${signInThrottle.refused} + 1` })
    .where(and(inArray(signInThrottle.key, keys.map((k) => k.key)), gt(signInThrottle.lockedUntil, now)))
    .returning();
  const locked = rows.map((r) => ({ key: r.key, kind: keys.find((k) => k.key === r.key)!.kind, refused: r.refused, lockedUntil: r.lockedUntil! }));
  const until = Math.max(0, ...locked.map((l) => l.lockedUntil.getTime()));
  return { retryInSeconds: locked.length ? Math.ceil((until - now.getTime()) / 1000) : 0, locked };
}

/**
 * Counts a wrong password on every key; a key that reaches its limit within the window is locked
 * for LOCK_MS. Returns the keys locked by this failure (to audit once). Rows whose window and lock
 * are both over are deleted here, so the table never outgrows the failures of the last window.
 */
export async function recordSignInFailure(db: HostDb, keys: readonly ThrottleKey[], now = new Date()): Promise<ThrottleKey[]> {
  const windowStart = new Date(now.getTime() - WINDOW_MS);
  const lockEnd = new Date(now.getTime() + LOCK_MS);
  const newlyLocked: ThrottleKey[] = [];
  await db.transaction(async (tx) => {
    await tx.delete(signInThrottle).where(sql`${signInThrottle.windowStartedAt} <= ${windowStart} AND (${signInThrottle.lockedUntil} IS NULL OR ${signInThrottle.lockedUntil} <= ${now})`);
    for (const k of keys) {
      // A window that has run out (and is not locked) starts again at this failure.
      const expired = sql`(${signInThrottle.windowStartedAt} <= ${windowStart} AND (${signInThrottle.lockedUntil} IS NULL OR ${signInThrottle.lockedUntil} <= ${now}))`;
      const failures = sql`CASE WHEN ${expired} THEN 1 ELSE ${signInThrottle.failures} + 1 END`;
      const [row] = await tx
        .insert(signInThrottle)
        .values({ key: k.key, failures: 1, windowStartedAt: now, lockedUntil: k.max <= 1 ? lockEnd : null, refused: 0 })
        .onConflictDoUpdate({
          target: signInThrottle.key,
          set: {
            failures,
            windowStartedAt: sql`CASE WHEN ${expired} THEN ${now}::timestamptz ELSE ${signInThrottle.windowStartedAt} END`,
            lockedUntil: sql`CASE WHEN ${failures} >= ${k.max} THEN ${lockEnd}::timestamptz WHEN ${expired} THEN NULL ELSE ${signInThrottle.lockedUntil} END`,
            refused: sql`CASE WHEN ${failures} >= ${k.max} OR ${expired} THEN 0 ELSE ${signInThrottle.refused} END`,
          },
        })
        .returning();
      if (row.failures === k.max) newlyLocked.push(k);
    }
  });
  return newlyLocked;
}

export interface Lockout {
  key: string;
  kind: ThrottleKind;
  /** The email or the client address. */
  subject: string;
  failures: number;
  refused: number;
  lockedUntil: Date;
}

function toLockout(r: typeof signInThrottle.$inferSelect): Lockout {
  const [kind, ...rest] = r.key.split(':');
  return { key: r.key, kind: kind as ThrottleKind, subject: rest.join(':'), failures: r.failures, refused: r.refused, lockedUntil: r.lockedUntil! };
}

/** The locks in force now, soonest to end first. */
export async function listLockouts(db: HostDb, now = new Date()): Promise<Lockout[]> {
  return (await db.select().from(signInThrottle).where(gt(signInThrottle.lockedUntil, now)).orderBy(asc(signInThrottle.lockedUntil))).map(toLockout);
}

/**
 * Ends a lock and forgets the failures of a key: an account (an admin's unlock, a new password, a
 * correct password) or an address (an admin's unlock). Returns the lock that was in force, or null.
 */
export async function unlockKey(db: HostDb, key: string, now = new Date()): Promise<Lockout | null> {
  const [row] = await db.delete(signInThrottle).where(eq(signInThrottle.key, key)).returning();
  return row?.lockedUntil && row.lockedUntil > now ? toLockout(row) : null;
}

export function unlockAccount(db: HostDb, email: string, now = new Date()): Promise<Lockout | null> {
  return unlockKey(db, accountKey(email).key, now);
}
