import { afterEach, describe, expect, it } from 'vitest';
import { createFleet, writeMigrations, type Fleet } from '../testing/fleet';
import type { Engine } from '../engine';
import { hasRole, rolesAllowed } from './roles';
import { addressGroup, signInKeys } from './throttle';
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

describe('sign-in throttle keys', () => {
  it('count per account (whatever the address) and per address, IPv6 per /64', () => {
    expect(signInKeys(' Ann@Example.com ', '10.0.0.1').map((k) => k.key)).toEqual(['account:ann@example.com', 'address:10.0.0.1']);
    expect(signInKeys('ann@example.com', '10.0.0.2')[0]).toEqual(signInKeys('ann@example.com', '10.0.0.1')[0]);
    expect(addressGroup('2001:db8:0:0:1::5')).toBe(addressGroup('2001:DB8::ffff:1'));
    expect(addressGroup('2001:db8:0:1::5')).not.toBe(addressGroup('2001:db8::5'));
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
    expect(ann).toEqual({ id: expect.any(Number), email: 'ann@example.com', role: 'operator', createdAt: expect.any(Date), sessionVersion: 1 });
    await expect(createUser(db, { email: 'ann@example.com', role: 'viewer', password: 'another password!' })).rejects.toBeInstanceOf(UserError);
    await expect(createUser(db, { email: 'bob@example.com', role: 'viewer', password: 'short' })).rejects.toThrow(/at least 12/);

    const [{ password_hash }] = (await db.execute<{ password_hash: string }>("SELECT password_hash FROM fastmigrate.users WHERE email = 'ann@example.com'")).rows;
    expect(password_hash).toMatch(/^\$2[aby]\$12\$/);
    expect(await verifyCredentials(db, 'ANN@example.com', 'correct horse battery')).toMatchObject({ email: 'ann@example.com', role: 'operator' });
    expect(await verifyCredentials(db, 'ann@example.com', 'wrong password here')).toBeNull();
    expect(await verifyCredentials(db, 'nobody@example.com', 'correct horse battery')).toBeNull();

    await upsertUser(db, { email: 'ann@example.com', role: 'admin', password: 'a brand new password' });
    expect(await verifyCredentials(db, 'ann@example.com', 'a brand new password')).toMatchObject({ role: 'admin' });
    // The last admin can be neither demoted (dashboard, `user add --reset`) nor deleted.
    await expect(setUserRole(db, ann.id, 'viewer')).rejects.toThrow('the last admin cannot be demoted');
    await expect(upsertUser(db, { email: 'ann@example.com', role: 'viewer', password: 'a brand new password' })).rejects.toThrow('the last admin cannot be demoted');
    await expect(deleteUser(db, ann.id)).rejects.toThrow('the last admin cannot be deleted');
    const bob = await createUser(db, { email: 'bob@example.com', role: 'admin', password: 'bobs long password' });
    expect((await setUserRole(db, ann.id, 'viewer')).after).toMatchObject({ role: 'viewer' });
    expect((await listUsers(db)).map((u) => Object.keys(u).sort())).toEqual([
      ['createdAt', 'email', 'id', 'role', 'sessionVersion'],
      ['createdAt', 'email', 'id', 'role', 'sessionVersion'],
    ]);
    await deleteUser(db, ann.id);
    expect((await listUsers(db)).map((u) => u.email)).toEqual([bob.email]);

    await recordAudit(db, { actor: 'ann@example.com', action: 'migrate', outcome: 'refused', detail: { error: 'cannot connect to postgres://app:s3cret@db/x' }, origin: 'dashboard 10.0.0.1' });
    const [row] = await listAudit(db, { limit: 10, outcome: 'refused' });
    expect(row).toMatchObject({ actor: 'ann@example.com', action: 'migrate', origin: 'dashboard 10.0.0.1' });
    expect(JSON.stringify(row.detail)).not.toContain('s3cret');
  });
});
