// Issue 4, scenarios 1–4: concurrency and locks, with real CLI processes racing on a real PostgreSQL.
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATION_LOCK_KEY } from '../migrations/lock';
import type { CliResult } from '../testing/cli';
import { appliedVersions, createFleet, migration, sql, writeMigrations, type Fleet } from '../testing/fleet';
import {
  activeBackend,
  appliedTwice,
  byId,
  cli,
  expectNoLocksLeft,
  finish,
  fleetDatabases,
  history,
  pad,
  runLog,
  type RunningCli,
  session,
  startCli,
  waitFor,
  writeFile,
} from './support';

let fleet: Fleet | null = null;
afterEach(async () => {
  // Scenario 4 holds after every test of this file, whatever it did.
  if (fleet) await expectNoLocksLeft(fleet);
  await fleet?.drop();
  fleet = null;
});

/** Between them, the racing processes applied each database exactly once; the others had nothing to do or were locked. */
function expectExactlyOnce(results: CliResult[], databaseIds: string[], label: string) {
  const outcomes = results.map((r) => {
    expect([0, 1], `${label}: exit code ${r.code}\n${r.stderr}`).toContain(r.code);
    return byId(r);
  });
  for (const [i, r] of results.entries()) {
    const failed = Object.values(outcomes[i]).filter((d) => d.status === 'failed');
    // The only acceptable failure of a racing runner is a clear "locked".
    for (const f of failed) {
      expect(f.errorKind, `${label}: ${f.id} ${f.error}`).toBe('locked');
      expect(f.error).toMatch(/^locked by /);
    }
    expect(r.code, label).toBe(failed.length ? 1 : 0);
  }
  for (const id of databaseIds) {
    const statuses = outcomes.map((o) => o[id]?.status);
    expect(statuses.filter((s) => s === 'applied'), `${label}: ${id} ${statuses}`).toHaveLength(1);
    expect(statuses.every((s) => s === 'applied' || s === 'skipped' || s === 'failed'), `${label}: ${id} ${statuses}`).toBe(true);
    expect(outcomes.find((o) => o[id].status === 'applied')![id].steps, label).toBe(1);
  }
}

describe('concurrency and locks', () => {
  it('two, then five migrate processes racing on the same databases, 20 rounds: every migration applied exactly once, no duplicate history', async () => {
    const dir = writeMigrations({});
    fleet = await createFleet({ tenants: 2, migrationsDir: dir });
    const databases = fleetDatabases(fleet);
    const ids = ['host', ...fleet.tenantIds];
    // A gate per database, held by the test: each migration waits at the gate, so the winner holds
    // the migration lock until every other runner has been seen waiting for it. The race is proven
    // to have happened in every round, not left to process start-up times.
    const GATE = 4_242;
    const gates = await Promise.all(databases.map((db) => session(db, 'race-gate')));
    try {
      let version = 0;
      for (let round = 1; round <= 20; round++) {
        for (const processes of [2, 5]) {
          version++;
          await Promise.all(gates.map((g) => g.query('SELECT pg_advisory_lock($1)', [GATE])));
          writeFile(dir, `both/${pad(version)}_round${round}_x${processes}.sql`, migration(`CREATE TABLE r${version} (id int);\nSELECT pg_advisory_xact_lock(${GATE});`, `DROP TABLE r${version};`));
          const racing = Array.from({ length: processes }, () => startCli(['migrate', '--json', '--lock-wait', '120', '--lock-timeout', '120000'], fleet!.env));
          const label = `round ${round}, ${processes} processes, version ${version}`;
          await waitFor(`${label}: every other runner waiting for each database's lock`, () =>
            ids.every((id) => racing.filter((r) => r.stderr().includes(`${id}: waiting for the migration lock`)).length === processes - 1),
          60_000);
          await Promise.all(gates.map((g) => g.query('SELECT pg_advisory_unlock($1)', [GATE])));
          const results = await Promise.all(racing.map((r) => finish(r, 90_000)));
          expectExactlyOnce(results, ids, label);

          for (const db of databases) {
            const rows = await history(db);
            expect(appliedTwice(rows), `${label}: ${db}`).toEqual([]);
            expect(rows.map((r) => r.version), `${label}: ${db}`).toEqual(Array.from({ length: version }, (_, i) => i + 1));
          }
          await expectNoLocksLeft(fleet);
        }
      }
    } finally {
      await Promise.all(gates.map((g) => g.end()));
    }
  }, 400_000);

  it('another session holds the advisory lock of one tenant: that tenant fails "locked by …" naming the holder within the lock deadline; the others proceed', async () => {
    const dir = writeMigrations({ 'tenant/001_a.sql': migration('CREATE TABLE a (id int);', 'DROP TABLE a;') });
    fleet = await createFleet({ tenants: ['free1', 'held', 'free2'], migrationsDir: dir });
    const holder = await session(fleet.tenantDatabase('held'), 'nightly-report');
    try {
      await holder.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY.toString()]);
      const holderPid = (await holder.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
      const r = await cli(['migrate', '--json', '--lock-wait', '2'], fleet.env);
      expect(r.code, r.stderr).toBe(1);
      const result = byId(r);
      expect(result.free1.status).toBe('applied');
      expect(result.free2.status).toBe('applied');
      expect(result.held).toMatchObject({ status: 'failed', errorKind: 'locked', steps: 0 });
      expect(result.held.error).toMatch(new RegExp(`^locked by "nightly-report" \\(pid ${holderPid}, user postgres from 127\\.0\\.0\\.1.*\\); gave up after waiting 2\\.\\d s`));
      // Who is waiting on whom is said while it happens, too.
      expect(r.stderr).toContain(`held: waiting for the migration lock held by "nightly-report" (pid ${holderPid}`);

      // The deadline is kept: the run log's own clock for that database.
      const log = await runLog(fleet);
      const held = log.databases.held;
      const waited = held.finished_at!.getTime() - held.started_at!.getTime();
      expect(waited).toBeGreaterThanOrEqual(1_900);
      expect(held.error).toMatch(/^locked by "nightly-report"/);
      expect(await appliedVersions(fleet.tenantDatabase('held'))).toEqual([]);
    } finally {
      await holder.end();
    }
    // Once the other session is gone, the tenant migrates.
    const again = await cli(['migrate', '--json'], fleet.env);
    expect(again.code, again.stderr).toBe(0);
    expect(byId(again).held.status).toBe('applied');
  });

  it('a no-transaction CREATE INDEX CONCURRENTLY runs while a second runner waits on the same database: no deadlock, no hang, the second finds nothing to do', async () => {
    const dir = writeMigrations({
      'tenant/001_items.sql': migration('CREATE TABLE items (id int);\nINSERT INTO items SELECT generate_series(1, 1000);', 'DROP TABLE items;'),
      'tenant/002_items_index.sql': migration(
        'CREATE INDEX CONCURRENTLY IF NOT EXISTS items_id_idx ON items (id);',
        'DROP INDEX CONCURRENTLY IF EXISTS items_id_idx;',
        '-- fastmigrate:no-transaction',
      ),
    });
    fleet = await createFleet({ tenants: ['t1'], migrationsDir: dir });
    const db = fleet.tenantDatabase('t1');
    const first = await cli(['migrate', '--to', '1'], fleet.env);
    expect(first.code, first.stderr).toBe(0);

    // The application is writing to the table: the concurrent build waits for that transaction,
    // which keeps it running for as long as the test needs (no timing guesses).
    const writer = await session(db, 'app-writer');
    await writer.query('BEGIN; INSERT INTO items VALUES (0)');
    let a: RunningCli | null = null;
    let b: RunningCli | null = null;
    try {
      a = startCli(['migrate', '--json', '--lock-timeout', '120000'], fleet.env);
      const building = await waitFor('the concurrent index build to be running', () => activeBackend(db, '%CREATE INDEX CONCURRENTLY%'), 30_000);
      b = startCli(['migrate', '--json'], fleet.env);
      await waitFor('the second runner to wait for the lock', () => b!.stderr().includes(`t1: waiting for the migration lock held by "fastmigrate" (pid ${building.pid}`), 30_000);
      // Both really overlap: the build is still in progress while the second runner waits.
      expect(await activeBackend(db, '%CREATE INDEX CONCURRENTLY%')).toMatchObject({ pid: building.pid });
    } finally {
      await writer.query('COMMIT');
      await writer.end();
    }
    const [ra, rb] = await Promise.all([finish(a!, 60_000, 'runner A'), finish(b!, 60_000, 'runner B')]);
    expect(ra.code, ra.stderr).toBe(0);
    expect(rb.code, rb.stderr).toBe(0);
    expect(byId(ra).t1).toMatchObject({ status: 'applied', from: 1, to: 2, steps: 1 });
    expect(byId(rb).t1).toMatchObject({ status: 'skipped', from: 2, to: 2, steps: 0 });
    const [index] = await sql<{ indisvalid: boolean }>(db, "SELECT indisvalid FROM pg_index WHERE indexrelid = 'items_id_idx'::regclass");
    expect(index.indisvalid).toBe(true);
    expect((await history(db)).map((h) => [h.version, h.direction])).toEqual([
      [1, 'up'],
      [2, 'up'],
    ]);
  });

  it('no advisory lock of ours is left in pg_locks after any kind of run: applied, failed, refused, locked, rolled back, dry run, status, validate', async () => {
    const dir = writeMigrations({
      'host/001_h.sql': migration('CREATE TABLE h (id int);', 'DROP TABLE h;'),
      'tenant/001_a.sql': migration('CREATE TABLE a (id int);', 'DROP TABLE a;'),
    });
    fleet = await createFleet({ tenants: ['t1', 't2'], migrationsDir: dir });
    const f = fleet;
    const check = async (label: string, args: string[], expectedCode: number) => {
      const r = await cli(args, f.env);
      expect(r.code, `${label}: ${r.stderr}`).toBe(expectedCode);
      await expectNoLocksLeft(f);
    };
    await check('applied', ['migrate'], 0);
    writeFile(dir, 'tenant/002_bad.sql', migration('SELECT 1 / 0;', 'SELECT 1;'));
    await check('failed (division by zero)', ['migrate'], 1);
    writeFile(dir, 'tenant/002_bad.sql', migration('SELECT 1;', 'SELECT 1;'));
    await check('applied after the fix', ['migrate'], 0);
    writeFile(dir, 'tenant/001_a.sql', migration('CREATE TABLE a (id bigint);', 'DROP TABLE a;'));
    await check('refused (checksum mismatch)', ['migrate'], 2);
    writeFile(dir, 'tenant/001_a.sql', migration('CREATE TABLE a (id int);', 'DROP TABLE a;'));
    await check('dry run', ['migrate', '--dry-run'], 0);
    await check('status', ['status'], 0);
    await check('validate', ['validate'], 0);
    await check('rolled back', ['rollback', '--steps', '2'], 0);

    const holder = await session(f.tenantDatabase('t2'), 'other-operator');
    try {
      await holder.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY.toString()]);
      const r = await cli(['migrate', '--lock-wait', '1'], f.env);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stdout).toMatch(/t2.*locked by "other-operator"/);
      // Only the other session's lock remains, none of ours.
      const pids = (await sql<{ pid: number }>(f.tenantDatabase('t2'), `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`)).map((l) => l.pid);
      const holderPid = (await holder.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
      expect(pids).toEqual([holderPid]);
    } finally {
      await holder.end();
    }
    await expectNoLocksLeft(f);
  });
});
