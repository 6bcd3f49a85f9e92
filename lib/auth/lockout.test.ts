// Sign-in lockouts in the host database: per account whatever the address, per address whatever the
// account, audited once per lock, cleared by a reset or an unlock, and a table that stays small.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createFleet, writeMigrations, type Fleet } from '../testing/fleet';
import type { Engine } from '../engine';
import type { HostDb } from '../db/host';
import { listAudit } from './audit';
import { listLockouts, unlockAccount } from './lockout';
import { signInWithPassword } from './sign-in';
import { ACCOUNT_MAX_FAILURES, ADDRESS_MAX_FAILURES, LOCK_MS, WINDOW_MS } from './throttle';
import { createUser, setUserPassword, upsertUser } from './users';

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

const PASSWORD = 'the right password';
const t0 = new Date('2030-01-01T12:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);
const rows = async () => (await db.execute<{ n: number }>('SELECT count(*)::int AS n FROM fastmigrate.sign_in_throttle')).rows[0].n;
const signInAudit = async () => (await listAudit(db, { limit: 1000 })).filter((a) => a.action === 'sign-in').reverse();

it('locks an account after 10 wrong passwords from 60 different addresses, refuses the right one, and audits the lock once', async () => {
  await createUser(db, { email: 'ann@example.com', role: 'admin', password: PASSWORD });
  const outcomes = [];
  for (let i = 0; i < 60; i++) {
    outcomes.push(await signInWithPassword(db, { email: 'ann@example.com', password: `guess number ${i}`, address: `198.51.100.${i}`, now: at(i) }));
  }
  expect(outcomes.slice(0, ACCOUNT_MAX_FAILURES).every((o) => !o.ok && o.reason === 'wrong-password')).toBe(true);
  expect(outcomes.slice(ACCOUNT_MAX_FAILURES).every((o) => !o.ok && o.reason === 'locked')).toBe(true);
  const right = await signInWithPassword(db, { email: 'ann@example.com', password: PASSWORD, address: '203.0.113.1', now: at(100) });
  // Locked at the 10th failure (t0 + 9 ms) for LOCK_MS; asked at t0 + 100 ms.
  expect(right).toEqual({ ok: false, reason: 'locked', retryInSeconds: Math.ceil((9 + LOCK_MS - 100) / 1000) });

  // 10 wrong passwords, then one row for the lock: not one per refused attempt.
  const audit = await signInAudit();
  expect(audit.map((a) => (a.detail as { reason: string }).reason)).toEqual([...Array(ACCOUNT_MAX_FAILURES).fill('wrong email or password'), 'locked']);
  expect(audit[ACCOUNT_MAX_FAILURES - 1].detail).toMatchObject({ nowLocked: ['account'] });
  expect(audit.every((a) => a.origin?.startsWith('dashboard 198.51.100.') || a.origin === 'dashboard 203.0.113.1')).toBe(true);
  const [lock] = await listLockouts(db, at(200));
  expect(lock).toMatchObject({ kind: 'account', subject: 'ann@example.com', failures: ACCOUNT_MAX_FAILURES, refused: 60 - ACCOUNT_MAX_FAILURES + 1 });

  // An admin's unlock ends it; the right password works again.
  expect(await unlockAccount(db, 'ann@example.com', at(300))).toMatchObject({ refused: 51 });
  expect(await signInWithPassword(db, { email: 'ann@example.com', password: PASSWORD, address: '203.0.113.1', now: at(400) })).toMatchObject({ ok: true });
});

it('locks an address that tries many accounts; other addresses are unaffected', async () => {
  for (let i = 0; i < ADDRESS_MAX_FAILURES; i++) {
    expect(await signInWithPassword(db, { email: `user${i}@example.com`, password: 'wrong password!', address: '192.0.2.66', now: at(i) })).toMatchObject({ reason: 'wrong-password' });
  }
  expect(await signInWithPassword(db, { email: 'someone@example.com', password: 'wrong password!', address: '192.0.2.66', now: at(50) })).toMatchObject({ reason: 'locked' });
  expect(await signInWithPassword(db, { email: 'someone@example.com', password: 'wrong password!', address: '192.0.2.67', now: at(60) })).toMatchObject({ reason: 'wrong-password' });
});

it('counts an IPv6 /64 as one address', async () => {
  for (let i = 0; i < ADDRESS_MAX_FAILURES; i++) await signInWithPassword(db, { email: `v6user${i}@example.com`, password: 'wrong password!', address: `2001:db8::${i + 1}`, now: at(i) });
  expect(await signInWithPassword(db, { email: 'x@example.com', password: 'wrong password!', address: '2001:db8::ffff', now: at(70) })).toMatchObject({ reason: 'locked' });
});

it('a password reset (CLI `user add --reset` or the dashboard) clears the lockout', async () => {
  const ann = await createUser(db, { email: 'ann@example.com', role: 'admin', password: PASSWORD });
  const lockOut = async () => {
    for (let i = 0; i < ACCOUNT_MAX_FAILURES; i++) await signInWithPassword(db, { email: 'ann@example.com', password: 'wrong password!', address: '203.0.113.5' });
    expect(await signInWithPassword(db, { email: 'ann@example.com', password: PASSWORD, address: '203.0.113.5' })).toMatchObject({ reason: 'locked' });
  };
  await lockOut();
  await upsertUser(db, { email: 'ann@example.com', role: 'admin', password: 'a new password here' });
  expect(await signInWithPassword(db, { email: 'ann@example.com', password: 'a new password here', address: '203.0.113.5' })).toMatchObject({ ok: true });
  await lockOut();
  await setUserPassword(db, ann.id, 'another new password');
  expect(await signInWithPassword(db, { email: 'ann@example.com', password: 'another new password', address: '203.0.113.5' })).toMatchObject({ ok: true });
});

it('locks end after 15 minutes, and rows whose window and lock are over are deleted: the table stays bounded', async () => {
  await createUser(db, { email: 'ann@example.com', role: 'admin', password: PASSWORD });
  for (let i = 0; i < ACCOUNT_MAX_FAILURES; i++) await signInWithPassword(db, { email: 'ann@example.com', password: 'wrong password!', address: `198.51.100.${i}`, now: at(i) });
  expect(await rows()).toBe(1 + ACCOUNT_MAX_FAILURES);
  expect(await signInWithPassword(db, { email: 'ann@example.com', password: PASSWORD, address: '203.0.113.1', now: at(LOCK_MS - 1_000) })).toMatchObject({ reason: 'locked' });
  const later = at(LOCK_MS + WINDOW_MS);
  expect(await signInWithPassword(db, { email: 'ann@example.com', password: PASSWORD, address: '203.0.113.1', now: later })).toMatchObject({ ok: true });
  // The next failure sweeps every expired row: only its own two keys remain.
  await signInWithPassword(db, { email: 'bob@example.com', password: 'wrong password!', address: '203.0.113.2', now: later });
  expect(await rows()).toBe(2);
});
