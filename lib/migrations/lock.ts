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
}

export async function withAdvisoryLock<T>(client: pg.Client, options: LockOptions, fn: () => Promise<T>): Promise<T> {
  await acquire(client, options);
  let result: T;
  try {
    result = await fn();
  } catch (error) {
    await release(client).catch(() => {});
    throw error;
  }
  const released = await release(client);
  if (!released) throw new Error('the migration lock was not held at release: another session may have run concurrently');
  return result;
}

async function acquire(client: pg.Client, { deadlineMs, onWait }: LockOptions): Promise<void> {
  const started = Date.now();
  let delay = 50;
  for (let attempt = 0; ; attempt++) {
    const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [MIGRATION_LOCK_KEY.toString()]);
    if (rows[0].ok) return;
    const waited = Date.now() - started;
    if (attempt === 0 && onWait) onWait(await describeLockHolder(client));
    if (waited >= deadlineMs) throw new LockedError(await describeLockHolder(client), waited);
    await sleep(Math.min(delay, Math.max(0, deadlineMs - waited)));
    delay = Math.min(delay * 2, 1_000);
  }
}

async function release(client: pg.Client): Promise<boolean> {
  const { rows } = await client.query<{ ok: boolean }>('SELECT pg_advisory_unlock($1) AS ok', [MIGRATION_LOCK_KEY.toString()]);
  return rows[0].ok;
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
