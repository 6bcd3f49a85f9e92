// The migration lock, checked while the holder's connection is still open: PostgreSQL drops a
// session advisory lock when its connection closes, so a check after close cannot tell a released
// lock from a leaked one (a pooled or reused connection would keep a leaked lock for good).
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../testing/other-tools';
import { MIGRATION_LOCK_KEY, withAdvisoryLock } from './lock';

let db: Awaited<ReturnType<typeof freshDatabase>>;
let holder: pg.Client;
let other: pg.Client;

beforeAll(async () => {
  db = await freshDatabase('lock');
  holder = new pg.Client({ connectionString: db.url });
  other = new pg.Client({ connectionString: db.url });
  await Promise.all([holder.connect(), other.connect()]);
});
afterAll(async () => {
  await Promise.all([holder?.end(), other?.end()]);
  await db?.drop();
});

/** Whether a second session could take the lock now (and gives it back at once). */
async function freeForOthers(): Promise<boolean> {
  const { rows } = await other.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [MIGRATION_LOCK_KEY.toString()]);
  if (rows[0].ok) await other.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY.toString()]);
  return rows[0].ok;
}

async function locksHeldBy(client: pg.Client): Promise<number> {
  const { rows } = await other.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND pid = $1",
    [(client as pg.Client & { processID: number }).processID],
  );
  return rows[0].n;
}

describe('withAdvisoryLock', () => {
  it('holds the lock while the work runs and releases it on the same, still open connection', async () => {
    const during = await withAdvisoryLock(holder, { deadlineMs: 1_000 }, async () => freeForOthers());
    expect(during).toBe(false);
    expect(await locksHeldBy(holder)).toBe(0);
    expect(await freeForOthers()).toBe(true);
  });

  it('releases the lock when the work throws, and passes the error on', async () => {
    await expect(withAdvisoryLock(holder, { deadlineMs: 1_000 }, async () => { throw new Error('the work failed'); })).rejects.toThrow('the work failed');
    expect(await locksHeldBy(holder)).toBe(0);
    expect(await freeForOthers()).toBe(true);
  });

  it('taken twice in a row on one connection: the second run is not blocked by a leftover of the first', async () => {
    await withAdvisoryLock(holder, { deadlineMs: 1_000 }, async () => {});
    // A second session, not the same one (advisory locks are re-entrant per session), must get it.
    await withAdvisoryLock(other, { deadlineMs: 500 }, async () => {});
    expect(await locksHeldBy(other)).toBe(0);
  });
});
