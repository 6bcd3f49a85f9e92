// Session revocation: a token carries the user's session version; sign-out, a password reset (CLI
// or dashboard) and a role change bump it, so every older token is refused.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createFleet, writeMigrations, type Fleet } from '../testing/fleet';
import type { Engine } from '../engine';
import type { HostDb } from '../db/host';
import { checkSession } from './sessions';
import { createUser, deleteUser, endSessions, setUserPassword, setUserRole, upsertUser, type PublicUser } from './users';

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

/** The token Auth.js issues at sign-in (auth.ts: uid, email, sv). */
const tokenOf = (u: PublicUser) => ({ uid: String(u.id), email: u.email, sv: u.sessionVersion });

it('a token stays valid until sign-out, a password reset or a role change, each of which ends it', async () => {
  await createUser(db, { email: 'root@example.com', role: 'admin', password: 'the admins password' });
  let ann = await createUser(db, { email: 'ann@example.com', role: 'operator', password: 'anns first password' });
  const ends: Array<[string, () => Promise<unknown>]> = [
    ['sign-out', () => endSessions(db, ann.id)],
    ['password reset in the dashboard', () => setUserPassword(db, ann.id, 'anns next password')],
    ['`user add --reset`', () => upsertUser(db, { email: 'ann@example.com', role: 'operator', password: 'anns third password' })],
    ['role change', () => setUserRole(db, ann.id, 'viewer')],
  ];
  for (const [what, end] of ends) {
    const token = tokenOf(ann);
    expect(await checkSession(db, token), what).toMatchObject({ valid: true, user: { email: 'ann@example.com' } });
    await end();
    expect(await checkSession(db, token), what).toEqual({ valid: false, reason: 'ended' });
    // A token issued afterwards (the next sign-in) is good.
    const [row] = (await db.execute<{ session_version: number }>(`SELECT session_version FROM fastmigrate.users WHERE id = ${ann.id}`)).rows;
    ann = { ...ann, sessionVersion: row.session_version };
    expect(await checkSession(db, tokenOf(ann)), what).toMatchObject({ valid: true });
  }
  // Setting the same role again changes nothing and ends nothing.
  await setUserRole(db, ann.id, 'viewer');
  expect(await checkSession(db, tokenOf(ann))).toMatchObject({ valid: true });
  // Tokens from before session versions existed, and of deleted users.
  expect(await checkSession(db, { uid: String(ann.id), email: ann.email })).toEqual({ valid: false, reason: 'ended' });
  await deleteUser(db, ann.id);
  expect(await checkSession(db, tokenOf(ann))).toEqual({ valid: false, reason: 'deleted' });
});
