// Issue 4, scenarios 5–9: crashes, lost connections, half-done work, timeouts, unreachable databases.
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../db/embedded';
import { adminUrl, appliedVersions, createFleet, migration, sql, writeMigrations, type Fleet } from '../testing/fleet';
import {
  activeBackend,
  byId,
  cli,
  expectNoLocksLeft,
  finish,
  history,
  ourBackends,
  parseJson,
  runLog,
  session,
  startCli,
  tableExists,
  waitFor,
  writeFile,
} from './support';

let fleet: Fleet | null = null;
afterEach(async () => {
  if (fleet) await expectNoLocksLeft(fleet);
  await fleet?.drop();
  fleet = null;
});

/** SQL that sleeps for a long time only in a database holding the table `marker`; elsewhere it does not wait. */
const sleepIfMarked = (marker: string, seconds: number) => `SELECT pg_sleep(CASE WHEN to_regclass('${marker}') IS NULL THEN 0 ELSE ${seconds} END);`;

describe('crashes and lost connections', () => {
  it('SIGKILL of the CLI in the middle of a transactional migration: old version, no history row, no leftovers, lock gone; the next migrate completes', async () => {
    const dir = writeMigrations({
      'tenant/001_base.sql': migration('CREATE TABLE base (id int);', 'DROP TABLE base;'),
      'tenant/002_slow.sql': migration(
        `CREATE TABLE leftover (id int);\nINSERT INTO leftover SELECT generate_series(1, 1000);\n${sleepIfMarked('crash_marker', 120)}`,
        'DROP TABLE leftover;',
      ),
    });
    fleet = await createFleet({ tenants: ['t1', 't2'], migrationsDir: dir });
    const first = await cli(['migrate', '--to', '1'], fleet.env);
    expect(first.code, first.stderr).toBe(0);
    for (const id of fleet.tenantIds) await sql(fleet.tenantDatabase(id), 'CREATE TABLE crash_marker ()');

    const running = startCli(['migrate'], fleet.env);
    // Kill only once both tenants are really inside the migration's transaction, sleeping.
    for (const id of fleet.tenantIds) {
      await waitFor(`${id} to be inside migration 002`, async () => (await activeBackend(fleet!.tenantDatabase(id), '%pg_sleep%'))?.wait_event === 'PgSleep', 30_000);
    }
    running.child.kill('SIGKILL');
    const killed = await finish(running, 10_000);
    expect(killed.signal).toBe('SIGKILL');

    // The server notices the dead client within seconds (not when the 120 s sleep would end),
    // rolls the transaction back and drops its locks, the migration lock included.
    await waitFor('the killed runner\'s backends to end', async () => (await ourBackends(fleet!)).length === 0, 20_000);
    await expectNoLocksLeft(fleet, 1_000);
    for (const id of fleet.tenantIds) {
      const db = fleet.tenantDatabase(id);
      expect(await appliedVersions(db), id).toEqual([1]);
      expect((await history(db)).map((h) => h.version), id).toEqual([1]);
      expect(await tableExists(db, 'leftover'), id).toBe(false);
    }

    for (const id of fleet.tenantIds) await sql(fleet.tenantDatabase(id), 'DROP TABLE crash_marker');
    const rerun = await cli(['migrate', '--json'], fleet.env);
    expect(rerun.code, rerun.stderr).toBe(0);
    for (const id of fleet.tenantIds) {
      expect(byId(rerun)[id]).toMatchObject({ status: 'applied', from: 1, to: 2, steps: 1 });
      expect(await sql(fleet.tenantDatabase(id), 'SELECT count(*)::int AS n FROM leftover')).toEqual([{ n: 1000 }]);
    }
  });

  it('the server kills the runner\'s backend (pg_terminate_backend) mid-migration: that tenant fails with the reason, the others finish, the run log says so, a rerun fixes it', async () => {
    const dir = writeMigrations({
      'tenant/001_a.sql': migration(`CREATE TABLE a (id int);\n${sleepIfMarked('slow_marker', 120)}`, 'DROP TABLE a;'),
      'tenant/002_b.sql': migration('CREATE TABLE b (id int);', 'DROP TABLE b;'),
    });
    fleet = await createFleet({ tenants: ['t1', 't2', 't3'], migrationsDir: dir });
    const victim = fleet.tenantDatabase('t2');
    await sql(victim, 'CREATE TABLE slow_marker ()');

    const running = startCli(['migrate', '--json'], fleet.env);
    const backend = await waitFor('t2 to be inside migration 001', async () => {
      const b = await activeBackend(victim, '%pg_sleep%');
      return b?.wait_event === 'PgSleep' ? b : null;
    });
    const [{ terminated }] = await sql<{ terminated: boolean }>('postgres', 'SELECT pg_terminate_backend($1) AS terminated', [backend.pid]);
    expect(terminated).toBe(true);
    const r = await finish(running, 60_000);

    expect(r.code, r.stderr).toBe(1);
    const result = byId(r);
    expect(result.t1).toMatchObject({ status: 'applied', to: 2 });
    expect(result.t3).toMatchObject({ status: 'applied', to: 2 });
    expect(result.t2).toMatchObject({ status: 'failed', sqlstate: '57P01', errorVersion: 1, from: 0, to: 0 });
    expect(result.t2.error).toMatch(/terminating connection due to administrator command.*\(tenant\/001_a\.sql\)/s);

    const { run, databases } = await runLog(fleet, parseJson(r).runId);
    expect(run!.status).toBe('failed');
    expect(databases.t2).toMatchObject({ status: 'failed', sqlstate: '57P01', error_version: 1 });
    expect(databases.t2.error).toMatch(/terminating connection due to administrator command/);
    expect(databases.t1.status).toBe('applied');
    expect(await appliedVersions(victim)).toEqual([]);
    expect(await tableExists(victim, 'a')).toBe(false);

    const status = parseJson(await cli(['status', '--json'], fleet.env));
    expect(status.databases.find((d: { id: string }) => d.id === 't2')).toMatchObject({ state: 'failed' });

    await sql(victim, 'DROP TABLE slow_marker');
    const rerun = await cli(['migrate', '--json'], fleet.env);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(byId(rerun).t2).toMatchObject({ status: 'applied', from: 0, to: 2, steps: 2 });
    expect(byId(rerun).t1).toMatchObject({ status: 'skipped' });
    expect(await appliedVersions(victim)).toEqual([1, 2]);
  });

  it('a no-transaction CREATE UNIQUE INDEX CONCURRENTLY fails halfway on duplicate data: failed, the INVALID index reported, never retried silently nor marked applied', async () => {
    const dir = writeMigrations({
      'tenant/001_t.sql': migration('CREATE TABLE t (v int);\nINSERT INTO t VALUES (1), (2), (3);', 'DROP TABLE t;'),
      // IF NOT EXISTS is what makes a rerun dangerous: it would skip the INVALID index silently.
      'tenant/002_t_v_key.sql': migration('CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS t_v_key ON t (v);', 'DROP INDEX CONCURRENTLY IF EXISTS t_v_key;', '-- fastmigrate:no-transaction'),
    });
    fleet = await createFleet({ tenants: ['clean', 'dupes'], migrationsDir: dir });
    const dupes = fleet.tenantDatabase('dupes');
    expect((await cli(['migrate', '--to', '1'], fleet.env)).code).toBe(0);
    await sql(dupes, 'INSERT INTO t VALUES (2)');

    const r = await cli(['migrate', '--json'], fleet.env);
    expect(r.code, r.stderr).toBe(1);
    expect(byId(r).clean).toMatchObject({ status: 'applied', to: 2 });
    expect(byId(r).dupes).toMatchObject({ status: 'failed', sqlstate: '23505', errorVersion: 2, to: 1 });
    expect(byId(r).dupes.error).toMatch(/could not create unique index "t_v_key".*left INVALID index\(es\): t_v_key\b.*DROP INDEX CONCURRENTLY t_v_key;/s);
    const invalid = async () => sql<{ indisvalid: boolean }>(dupes, "SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass('t_v_key')");
    expect(await invalid()).toEqual([{ indisvalid: false }]);
    expect(await appliedVersions(dupes)).toEqual([1]);

    // Run again: refused before anything runs, naming the index and the fix; still not applied.
    const again = await cli(['migrate', '--json'], fleet.env);
    expect(again.code, again.stderr).toBe(1);
    expect(byId(again).dupes).toMatchObject({ status: 'failed', errorKind: 'blocked', errorVersion: 2, steps: 0 });
    expect(byId(again).dupes.error).toMatch(/tenant\/002_t_v_key\.sql runs outside a transaction while the database holds INVALID index\(es\) t_v_key/);
    expect(byId(again).dupes.error).toMatch(/DROP INDEX CONCURRENTLY t_v_key;/);
    expect(byId(again).clean.status).toBe('skipped');
    expect(await appliedVersions(dupes)).toEqual([1]);
    expect((await history(dupes)).map((h) => h.version)).toEqual([1]);
    expect(await invalid()).toEqual([{ indisvalid: false }]);
    const status = parseJson(await cli(['status', '--json'], fleet.env));
    const dupesStatus = status.databases.find((d: { id: string }) => d.id === 'dupes');
    expect(dupesStatus).toMatchObject({ state: 'failed', current: 1, pending: [2] });
    expect(dupesStatus.error).toMatch(/last run failed \(at version 2\): .*INVALID index\(es\) t_v_key.*DROP INDEX CONCURRENTLY t_v_key;/s);

    // The fix the message gives works.
    await sql(dupes, 'DELETE FROM t WHERE ctid = (SELECT max(ctid) FROM t WHERE v = 2)');
    await sql(dupes, 'DROP INDEX CONCURRENTLY t_v_key');
    const fixed = await cli(['migrate', '--json'], fleet.env);
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(byId(fixed).dupes).toMatchObject({ status: 'applied', to: 2 });
    expect(await invalid()).toEqual([{ indisvalid: true }]);
  });

  describe('lock_timeout and statement_timeout', () => {
    const files = {
      'tenant/001_t.sql': migration('CREATE TABLE t (id int);\nINSERT INTO t VALUES (1);', 'DROP TABLE t;'),
      'tenant/002_alter.sql': migration('ALTER TABLE t ADD COLUMN note text;', 'ALTER TABLE t DROP COLUMN note;'),
    };

    it('a table lock held by the application: the migration gives up after lock_timeout (55P03) without blocking the application, retried a bounded number of times with backoff, every attempt logged', async () => {
      fleet = await createFleet({ tenants: ['busy'], migrationsDir: writeMigrations(files) });
      const db = fleet.tenantDatabase('busy');
      expect((await cli(['migrate', '--to', '1'], fleet.env)).code).toBe(0);
      // The application: one long transaction that has read the table, and a stream of short reads.
      const longReader = await session(db, 'app-report');
      const app = await session(db, 'app-requests');
      await longReader.query('BEGIN; SELECT * FROM t');
      try {
        const started = Date.now();
        const running = startCli(['migrate', '--json', '--lock-timeout', '200'], fleet.env);
        let exited = false;
        void running.done.then(() => (exited = true));
        const latencies: number[] = [];
        while (!exited) {
          const t0 = Date.now();
          await app.query('SELECT count(*) FROM t');
          latencies.push(Date.now() - t0);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        const r = await finish(running, 60_000);
        const elapsed = Date.now() - started;

        expect(r.code, r.stderr).toBe(1);
        expect(byId(r).busy).toMatchObject({ status: 'failed', sqlstate: '55P03', errorVersion: 2, to: 1 });
        expect(byId(r).busy.error).toMatch(/canceling statement due to lock timeout \(gave up after 4 attempts\)/);
        // Bounded: 1 attempt + 3 retries, each announced with its backoff (250, 500, 1000 ms).
        const retries = r.stderr.split('\n').filter((l) => l.includes('hit lock_timeout'));
        expect(retries).toHaveLength(3);
        expect(retries.map((l) => /attempt (\d+) hit.*attempt \d+ in (\d+) ms/.exec(l)!.slice(1).map(Number))).toEqual([
          [1, 250],
          [2, 500],
          [3, 1000],
        ]);
        // The application kept being served: reads completed while the migration was retrying, and
        // none of them waited for the whole run (times are compared with each other, not with a bound).
        expect(latencies.length).toBeGreaterThan(3);
        expect(Math.max(...latencies)).toBeLessThan(elapsed / 2);
        // Every attempt is recorded durably in the run log.
        const log = await runLog(fleet, parseJson(r).runId);
        expect(log.databases.busy.message).toMatch(/attempt 1 of 4 hit lock_timeout \(200 ms, 55P03/);
        expect(log.databases.busy.message).toMatch(/attempt 2 of 4 in 250 ms/);
        expect(log.databases.busy.message).toMatch(/attempt 4 of 4 also hit lock_timeout/);
        expect(await appliedVersions(db)).toEqual([1]);
      } finally {
        await longReader.query('ROLLBACK');
        await longReader.end();
        await app.end();
      }
    });

    it('a table lock released between attempts: the lock_timeout retry succeeds, and the retries are kept in the run log', async () => {
      fleet = await createFleet({ tenants: ['busy'], migrationsDir: writeMigrations(files) });
      const db = fleet.tenantDatabase('busy');
      expect((await cli(['migrate', '--to', '1'], fleet.env)).code).toBe(0);
      const longReader = await session(db, 'app-report');
      await longReader.query('BEGIN; SELECT * FROM t');
      const running = startCli(['migrate', '--json', '--lock-timeout', '300'], fleet.env);
      try {
        await waitFor('the first lock_timeout', () => running.stderr().includes('attempt 1 hit lock_timeout'), 30_000, 20);
      } finally {
        await longReader.query('ROLLBACK');
        await longReader.end();
      }
      const r = await finish(running, 60_000);
      expect(r.code, r.stderr).toBe(0);
      expect(byId(r).busy).toMatchObject({ status: 'applied', to: 2 });
      const log = await runLog(fleet, parseJson(r).runId);
      expect(log.databases.busy.status).toBe('applied');
      expect(log.databases.busy.message).toMatch(/UP tenant\/002_alter\.sql: attempt 1 of 4 hit lock_timeout/);
      expect(await appliedVersions(db)).toEqual([1, 2]);
    });

    it('a statement exceeding statement_timeout fails with 57014 at once and is not retried', async () => {
      fleet = await createFleet({
        tenants: ['slow'],
        migrationsDir: writeMigrations({ 'tenant/001_slow.sql': migration('CREATE TABLE s (id int);\nSELECT pg_sleep(20);', 'DROP TABLE s;') }),
      });
      const r = await cli(['migrate', '--json', '--statement-timeout', '500'], fleet.env);
      expect(r.code, r.stderr).toBe(1);
      expect(byId(r).slow).toMatchObject({ status: 'failed', sqlstate: '57014', errorVersion: 1 });
      expect(byId(r).slow.error).toMatch(/canceling statement due to statement timeout/);
      expect(byId(r).slow.error).not.toMatch(/attempts/);
      expect(r.stderr).not.toMatch(/lock_timeout|attempt/);
      expect((await runLog(fleet)).databases.slow.message).toBeNull();
      expect(await tableExists(fleet.tenantDatabase('slow'), 's')).toBe(false);
    });
  });

  it('a tenant database that does not exist, a server refusing connections, a wrong password: each is that tenant\'s state in status and the run summary; the rest of the fleet migrates; exit code 1', async () => {
    const dir = writeMigrations({ 'tenant/001_a.sql': migration('CREATE TABLE a (id int);', 'DROP TABLE a;') });
    fleet = await createFleet({ tenants: ['ok1', 'ok2'], migrationsDir: dir, missing: ['gone'] });
    const port = Number(new URL(adminUrl()).port);
    const closedPort = await freePort();
    // Tenants on "other servers": one port with nothing listening, and the same server under
    // another name whose credentials (FASTMIGRATE_SERVER_URLS) hold a wrong password.
    await sql(fleet.hostDatabase, 'CREATE TABLE tenant_servers (id text PRIMARY KEY, db_host text, db_port int)');
    await sql(fleet.hostDatabase, `INSERT INTO tenants (id, name, db_name) VALUES ('refused', 'Refused', 'anything'), ('badpw', 'Bad password', $1)`, [
      fleet.tenantDatabase('ok1'),
    ]);
    await sql(fleet.hostDatabase, `INSERT INTO tenant_servers VALUES ('refused', '127.0.0.1', $1), ('badpw', 'localhost', $2)`, [closedPort, port]);
    const env = {
      ...fleet.env,
      FASTMIGRATE_TENANTS_QUERY: 'SELECT t.id, t.name, t.db_name, s.db_host, s.db_port FROM tenants t LEFT JOIN tenant_servers s USING (id) ORDER BY t.id',
      // Credentials for both: the refused server's are right, it is just not there.
      FASTMIGRATE_SERVER_URLS: `postgres://postgres:wrong-password@localhost:${port}/postgres ${new URL(adminUrl()).href.replace(`:${port}/`, `:${closedPort}/`)}`,
    };

    const status = await cli(['status', '--json'], env);
    expect(status.code, status.stderr).toBe(0);
    const states = Object.fromEntries(parseJson(status).databases.map((d: { id: string; state: string; reason: string | null }) => [d.id, [d.state, d.reason]]));
    expect(states).toEqual({
      host: ['up-to-date', null],
      badpw: ['unreachable', 'auth-failed'],
      gone: ['unreachable', 'unreachable'],
      ok1: ['behind', null],
      ok2: ['behind', null],
      refused: ['unreachable', 'unreachable'],
    });
    const text = await cli(['status'], env);
    expect(text.stdout).toMatch(/badpw .*unreachable \(login failed\)/);
    expect(text.stdout).toMatch(/badpw: password authentication failed for user "postgres"/);
    expect(text.stdout).toMatch(/gone: database ".*_gone" does not exist/);
    expect(text.stdout).toMatch(/refused: connect ECONNREFUSED 127\.0\.0\.1:\d+/);

    const r = await cli(['migrate', '--json'], env);
    expect(r.code, r.stderr).toBe(1);
    const result = byId(r);
    expect(result.ok1).toMatchObject({ status: 'applied', to: 1 });
    expect(result.ok2).toMatchObject({ status: 'applied', to: 1 });
    expect(result.badpw).toMatchObject({ status: 'failed', errorKind: 'auth-failed', sqlstate: '28P01' });
    expect(result.gone).toMatchObject({ status: 'failed', errorKind: 'unreachable', sqlstate: '3D000' });
    expect(result.refused).toMatchObject({ status: 'failed', errorKind: 'unreachable' });
    expect(result.refused.error).toMatch(/ECONNREFUSED/);
    const summary = await cli(['migrate'], env);
    expect(summary.code).toBe(1);
    expect(summary.stdout).toMatch(/6 databases: 0 migrated, 3 unchanged, 3 failed/);
    expect(summary.stdout).toMatch(/badpw \[28P01\]: password authentication failed/);
  });
});
