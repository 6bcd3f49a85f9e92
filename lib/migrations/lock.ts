// I/O: the per-database migration lock (DESIGN §5). A session advisory lock, polled, never blocking.
import type pg from 'pg';

/** Advisory locks are per database, so one key serves every database. */
export const MIGRATION_LOCK_KEY = 7_466_205_331_028_001n;

export class LockedError extends Error {
  readonly code = 'FM_LOCKED';
  constructor(readonly holder: string, waitedMs: number) {
    super(`locked by ${holder}; gave up after waiting ${(waitedMs / 1000).toFixed(1)} s`);
    this.name = 'LockedError';
  }
}

export interface LockOptions {
  /** How long to keep trying before reporting "locked". */
  deadlineMs: number;
  /** Called once when the lock is busy at the first try. */
  onWait?: (holder: string) => void;
  /**
   * Read-only SQL (simple protocol, no parameters) to run right after the lock is taken, in the
   * same round trip as the first try. Its results reach the work as `lock.read`.
   */
  readAfterLock?: string;
}

/** What the work under the lock gets: the early read, and a way to release in its last message. */
export interface HeldLock {
  /** The results of `readAfterLock`; null when it could not travel with the first try: read yourself. */
  readonly read: pg.QueryResult[] | null;
  /** Appended after COMMIT of the last message sent under the lock, it releases the lock in that round trip. */
  readonly unlockSql: string;
  /** Says that a message ending in `unlockSql` succeeded, so no separate release is sent. */
  released(): void;
}

const KEY = MIGRATION_LOCK_KEY.toString();
const UNLOCK_SQL = `SELECT pg_advisory_unlock(${KEY}) AS unlocked`;

/**
 * Takes the database's migration lock, runs `fn`, and releases the lock on the same connection,
 * whatever happens. On the common path the lock costs no round trip of its own: the first try
 * carries the early read, and the release travels with the work's last message.
 */
export async function withAdvisoryLock<T>(client: pg.Client, options: LockOptions, fn: (lock: HeldLock) => Promise<T>): Promise<T> {
  const read = await acquire(client, options);
  let releasedInline = false;
  const lock: HeldLock = { read, unlockSql: UNLOCK_SQL, released: () => void (releasedInline = true) };
  let result: T;
  try {
    result = await fn(lock);
  } catch (error) {
    if (!releasedInline) await release(client).catch(() => {});
    throw error;
  }
  if (releasedInline) return result;
  const released = await release(client);
  if (!released) throw new Error('the migration lock was not held at release: another session may have run concurrently');
  return result;
}

/** Takes the lock, polling; returns the early read when it travelled with a successful first try. */
async function acquire(client: pg.Client, { deadlineMs, onWait, readAfterLock }: LockOptions): Promise<pg.QueryResult[] | null> {
  const started = Date.now();
  if (readAfterLock) {
    const first = await tryWithRead(client, readAfterLock);
    if (first.locked) return first.read;
  } else if (await tryOnce(client)) {
    return null;
  }
  if (onWait) onWait(await describeLockHolder(client));
  let delay = 50;
  for (;;) {
    const waited = Date.now() - started;
    if (waited >= deadlineMs) throw new LockedError(await describeLockHolder(client), waited);
    await sleep(Math.min(delay, Math.max(0, deadlineMs - waited)));
    delay = Math.min(delay * 2, 1_000);
    if (await tryOnce(client)) return null;
  }
}

async function tryOnce(client: pg.Client): Promise<boolean> {
  const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [KEY]);
  return rows[0].ok;
}

/**
 * The first try and the read in one message. A session lock survives the error of a later
 * statement in the message (advisory locks ignore transactions), so when the read fails (say, no
 * history table yet), pg_locks says whether the lock was taken.
 */
async function tryWithRead(client: pg.Client, readSql: string): Promise<{ locked: boolean; read: pg.QueryResult[] | null }> {
  try {
    const results = (await client.query(`SELECT pg_try_advisory_lock(${KEY}) AS ok; ${readSql}`)) as unknown as pg.QueryResult[];
    const locked = results[0].rows[0].ok === true;
    return { locked, read: locked ? results.slice(1) : null };
  } catch {
    const { rows } = await client.query<{ held: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE pid = pg_backend_pid() AND locktype = 'advisory' AND granted
                         AND classid = $1 AND objid = $2 AND objsubid = 1) AS held`,
      [Number(MIGRATION_LOCK_KEY >> 32n), Number(MIGRATION_LOCK_KEY & 0xffffffffn)],
    );
    return { locked: rows[0].held, read: null };
  }
}

async function release(client: pg.Client): Promise<boolean> {
  const { rows } = await client.query<{ unlocked: boolean }>(UNLOCK_SQL);
  return rows[0].unlocked;
}

/** Who holds our lock on this database, from pg_locks and pg_stat_activity. */
export async function describeLockHolder(client: pg.Client): Promise<string> {
  const key = MIGRATION_LOCK_KEY;
  const { rows } = await client.query<{ pid: number; application_name: string; usename: string; client_addr: string | null; since: string }>(
    `SELECT a.pid, a.application_name, a.usename, a.client_addr::text AS client_addr,
            to_char(a.backend_start, 'YYYY-MM-DD HH24:MI:SS TZ') AS since
       FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND l.classid = $1 AND l.objid = $2 AND l.objsubid = 1
      LIMIT 1`,
    [Number(key >> 32n), Number(key & 0xffffffffn)],
  );
  if (!rows.length) return 'another session (it has just released the lock)';
  const r = rows[0];
  const app = r.application_name ? `"${r.application_name}"` : 'a session';
  return `${app} (pid ${r.pid}, user ${r.usename}${r.client_addr ? ` from ${r.client_addr}` : ''}, connected since ${r.since})`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
