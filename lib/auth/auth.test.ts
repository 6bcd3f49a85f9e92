import { afterEach, describe, expect, it } from 'vitest';
import { createFleet, writeMigrations, type Fleet } from '../testing/fleet';
import type { Engine } from '../engine';
import { hasRole, rolesAllowed } from './roles';
import { clearSignInFailures, recordSignInFailure, signInBlockedFor, signInKeys } from './throttle';
import { createUser, deleteUser, listUsers, setUserRole, upsertUser, UserError, verifyCredentials } from './users';
import { listAudit, recordAudit } from './audit';

describe('roles', () => {
  it('rank viewer < operator < admin', () => {
    expect(hasRole('viewer', 'operator')).toBe(false);
    expect(hasRole('operator', 'operator')).toBe(true);
    expect(hasRole('admin', 'operator')).toBe(true);
    expect(hasRole(undefined, 'viewer')).toBe(false);
    expect(rolesAllowed('operator')).toBe('operator or admin');
  });
});

describe('sign-in throttle', () => {
  it('refuses an email from an address after 5 failures for 15 minutes, other pairs unaffected', () => {
    const keys = signInKeys('Ann@Example.com', '10.0.0.1');
    const t0 = 1_000_000;
    for (let i = 0; i < 5; i++) {
      expect(signInBlockedFor(keys, t0 + i)).toBe(0);
      recordSignInFailure(keys, t0 + i);
    }
    expect(signInBlockedFor(keys, t0 + 10)).toBe(900);
    expect(signInBlockedFor(signInKeys('ann@example.com', '10.0.0.2'), t0 + 10)).toBe(0);
    expect(signInBlockedFor(keys, t0 + 15 * 60_000 + 10)).toBe(0);
    clearSignInFailures(keys);
  });
});

describe('users and the audit log (host database)', () => {
  let fleet: Fleet | null = null;
  let engine: Engine | null = null;
  afterEach(async () => {
    await engine?.close();
    await fleet?.drop();
    engine = null;
    fleet = null;
  });

  it('stores bcrypt hashes, verifies passwords, refuses duplicates, and never returns the hash', async () => {
    fleet = await createFleet({ tenants: 0, migrationsDir: writeMigrations({}) });
    engine = fleet.openEngine();
    await engine.host.ensureToolSchema();
    const db = engine.host.db;

    const ann = await createUser(db, { email: ' Ann@Example.com ', role: 'operator', password: 'correct horse battery' });
    expect(ann).toEqual({ id: expect.any(Number), email: 'ann@example.com', role: 'operator', createdAt: expect.any(Date) });
    await expect(createUser(db, { email: 'ann@example.com', role: 'viewer', password: 'another password!' })).rejects.toBeInstanceOf(UserError);
    await expect(createUser(db, { email: 'bob@example.com', role: 'viewer', password: 'short' })).rejects.toThrow(/at least 12/);

    const [{ password_hash }] = (await db.execute<{ password_hash: string }>("SELECT password_hash FROM fastmigrate.users WHERE email = 'ann@example.com'")).rows;
    expect(password_hash).toMatch(/^\$2[aby]\$12\$/);
    expect(await verifyCredentials(db, 'ANN@example.com', 'correct horse battery')).toMatchObject({ email: 'ann@example.com', role: 'operator' });
    expect(await verifyCredentials(db, 'ann@example.com', 'wrong password here')).toBeNull();
    expect(await verifyCredentials(db, 'nobody@example.com', 'correct horse battery')).toBeNull();

    await upsertUser(db, { email: 'ann@example.com', role: 'admin', password: 'a brand new password' });
    expect(await verifyCredentials(db, 'ann@example.com', 'a brand new password')).toMatchObject({ role: 'admin' });
    expect(await setUserRole(db, ann.id, 'viewer')).toMatchObject({ role: 'viewer' });
    expect((await listUsers(db)).map((u) => Object.keys(u).sort())).toEqual([['createdAt', 'email', 'id', 'role']]);
    await deleteUser(db, ann.id);
    expect(await listUsers(db)).toEqual([]);

    await recordAudit(db, { actor: 'ann@example.com', action: 'migrate', outcome: 'refused', detail: { error: 'cannot connect to postgres://app:s3cret@db/x' }, origin: 'dashboard 10.0.0.1' });
    const [row] = await listAudit(db, { limit: 10, outcome: 'refused' });
    expect(row).toMatchObject({ actor: 'ann@example.com', action: 'migrate', origin: 'dashboard 10.0.0.1' });
    expect(JSON.stringify(row.detail)).not.toContain('s3cret');
  });
});
