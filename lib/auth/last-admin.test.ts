// The last-admin guard under real concurrency: two admins demoting (or deleting) each other in two
// transactions at the same moment must leave one admin, not zero.
import pg from 'pg';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createFleet, sql, writeMigrations, type Fleet } from '../testing/fleet';
import type { Engine } from '../engine';
import type { HostDb } from '../db/host';
import { createUser, deleteUser, setUserRole, type PublicUser } from './users';

let fleet: Fleet;
let engine: Engine;
let db: HostDb;
beforeEach(async () => {
  fleet = await createFleet({ tenants: 0, migrationsDir: writeMigrations({}) });
  engine = fleet.openEngine();
  await engine.host.ensureToolSchema();
  db = engine.host.db;
});
afterEach(async () => {
  await engine.close();
  await fleet.drop();
});

/**
 * Holds both admin rows locked from a third connection until both changes are waiting on a lock,
 * then lets them go at once: whatever each change reads before it writes, it reads while the other
 * has not written yet. Asserts on waits seen in pg_stat_activity, not on timing.
 */
async function raceAgainstEachOther(a: PublicUser, b: PublicUser, change: (id: number) => Promise<unknown>) {
  const blocker = new pg.Client({ connectionString: fleet.hostUrl });
  await blocker.connect();
  try {
    await blocker.query('BEGIN');
    await blocker.query('SELECT id FROM fastmigrate.users WHERE id = ANY($1) FOR UPDATE', [[a.id, b.id]]);
    const results = Promise.allSettled([change(a.id), change(b.id)]);
    for (;;) {
      // (Polled outside the blocker's transaction: pg_stat_activity is a snapshot per transaction.)
      const [{ n }] = await sql<{ n: number }>(
        fleet.hostDatabase,
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()",
      );
      if (n >= 2) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    await blocker.query('COMMIT');
    return await results;
  } finally {
    await blocker.end();
  }
}

async function admins(): Promise<string[]> {
  return (await db.execute<{ email: string }>("SELECT email FROM fastmigrate.users WHERE role = 'admin' ORDER BY email")).rows.map((r) => r.email);
}

it('two admins demoting each other at once: one succeeds, the other is refused, one admin remains', async () => {
  const a = await createUser(db, { email: 'a@example.com', role: 'admin', password: 'password of a!' });
  const b = await createUser(db, { email: 'b@example.com', role: 'admin', password: 'password of b!' });
  const results = await raceAgainstEachOther(a, b, (id) => setUserRole(db, id, 'operator'));
  expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
  expect(String((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason)).toContain('the last admin cannot be demoted');
  expect(await admins()).toHaveLength(1);
});

it('two admins deleting each other at once: one admin remains', async () => {
  const a = await createUser(db, { email: 'a@example.com', role: 'admin', password: 'password of a!' });
  const b = await createUser(db, { email: 'b@example.com', role: 'admin', password: 'password of b!' });
  const results = await raceAgainstEachOther(a, b, (id) => deleteUser(db, id));
  expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
  expect(await admins()).toHaveLength(1);
});
