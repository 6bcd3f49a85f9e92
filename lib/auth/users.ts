// Dashboard users in the host database (fastmigrate.users). Passwords are kept as bcrypt hashes only.
import { asc, eq, sql } from 'drizzle-orm';
import { compare, hash } from 'bcryptjs';
import { z } from 'zod';
import type { HostDb } from '../db/host';
import { users, type User } from './schema';
import { isRole, ROLES, type Role } from './roles';
import { problem, ProblemError } from '../problem';
import { unlockAccount } from './lockout';

export const BCRYPT_COST = 12;
export const MIN_PASSWORD_LENGTH = 12;

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: 'not an email address' }));

export const passwordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, { message: `at least ${MIN_PASSWORD_LENGTH} characters` })
  .max(200, { message: 'at most 200 characters' });

export const roleSchema = z.enum(ROLES);

/** What the dashboard and the CLI may know about a user: never the hash. */
export interface PublicUser {
  id: number;
  email: string;
  role: Role;
  createdAt: Date;
  /** Carried in the session token; a token with another version is no longer valid. */
  sessionVersion: number;
}

/** A user change that cannot be made (duplicate email, the last admin, …). */
export class UserError extends ProblemError {
  constructor(message: string, hint: string | null = null) {
    super(problem('usage', message, { hint }));
  }
}

function toPublic(u: User): PublicUser {
  return { id: u.id, email: u.email, role: isRole(u.role) ? u.role : 'viewer', createdAt: u.createdAt, sessionVersion: u.sessionVersion };
}

export async function createUser(db: HostDb, input: { email: string; role: Role; password: string }): Promise<PublicUser> {
  const email = emailSchema.parse(input.email);
  const password = passwordSchema.parse(input.password);
  const role = roleSchema.parse(input.role);
  const passwordHash = await hash(password, BCRYPT_COST);
  const rows = await db.insert(users).values({ email, role, passwordHash }).onConflictDoNothing({ target: users.email }).returning();
  if (!rows.length) throw new UserError(`a user ${email} already exists`);
  return toPublic(rows[0]);
}

/**
 * Creates the user, or sets the password and role of the existing one (`user add --reset`, the
 * demo's admin). A reset ends the user's sessions and clears a sign-in lockout; it may not demote
 * the last admin.
 */
export async function upsertUser(db: HostDb, input: { email: string; role: Role; password: string }): Promise<PublicUser> {
  const email = emailSchema.parse(input.email);
  const passwordHash = await hash(passwordSchema.parse(input.password), BCRYPT_COST);
  const role = roleSchema.parse(input.role);
  const row = await db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email)).limit(1);
    if (existing && role !== 'admin') await assertNotLastAdmin(tx, existing.id, 'demoted');
    const [r] = await tx
      .insert(users)
      .values({ email, role, passwordHash })
      .onConflictDoUpdate({ target: users.email, set: { passwordHash, role, sessionVersion: sql`${users.sessionVersion} + 1` } })
      .returning();
    return r;
  });
  await unlockAccount(db, email);
  return toPublic(row);
}

type Tx = Parameters<Parameters<HostDb['transaction']>[0]>[0];

/**
 * Refuses to take away the admin role of the last admin. Locks every admin row first, so that two
 * admins demoting each other at once are serialised: the second sees one admin left and is refused.
 */
async function assertNotLastAdmin(tx: Tx, id: number, what: 'demoted' | 'deleted'): Promise<void> {
  const admins = await tx.select({ id: users.id }).from(users).where(eq(users.role, 'admin')).for('update');
  if (admins.length <= 1 && admins.some((a) => a.id === id)) {
    throw new UserError(what === 'demoted' ? 'the last admin cannot be demoted: make another user admin first' : 'the last admin cannot be deleted: make another user admin first');
  }
}

// A hash of a random password: comparing against it makes "no such user" as slow as "wrong password".
const DUMMY_HASH = '$2b$12$XDSUQVaygdkw4FHvdS5PjOrmp4X/PC1oLaL1t/9l9opP.9qZ5Ntpq';

/** The user if the password matches; null otherwise (the caller does not learn which was wrong). */
export async function verifyCredentials(db: HostDb, rawEmail: string, password: string): Promise<PublicUser | null> {
  const parsed = emailSchema.safeParse(rawEmail);
  const [row] = parsed.success ? await db.select().from(users).where(eq(users.email, parsed.data)).limit(1) : [];
  const ok = await compare(password, row?.passwordHash ?? DUMMY_HASH);
  return row && ok ? toPublic(row) : null;
}

export async function findUser(db: HostDb, id: number): Promise<PublicUser | null> {
  const [row] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return row ? toPublic(row) : null;
}

export async function listUsers(db: HostDb): Promise<PublicUser[]> {
  return (await db.select().from(users).orderBy(asc(users.email))).map(toPublic);
}

export async function countAdmins(db: HostDb): Promise<number> {
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(users).where(eq(users.role, 'admin'));
  return n;
}

/**
 * Changes a user's role and ends their sessions (the new role applies from their next sign-in).
 * Refuses to demote the last admin, in the same transaction that changes the role.
 */
export async function setUserRole(db: HostDb, id: number, role: Role): Promise<{ before: PublicUser; after: PublicUser }> {
  const newRole = roleSchema.parse(role);
  return db.transaction(async (tx) => {
    if (newRole !== 'admin') await assertNotLastAdmin(tx, id, 'demoted');
    const [before] = await tx.select().from(users).where(eq(users.id, id)).for('update');
    if (!before) throw new UserError(`no user with id ${id}`);
    if (before.role === newRole) return { before: toPublic(before), after: toPublic(before) };
    const [after] = await tx.update(users).set({ role: newRole, sessionVersion: sql`${users.sessionVersion} + 1` }).where(eq(users.id, id)).returning();
    return { before: toPublic(before), after: toPublic(after) };
  });
}

/** Sets a new password, ends the user's sessions and clears a sign-in lockout of the account. */
export async function setUserPassword(db: HostDb, id: number, password: string): Promise<PublicUser> {
  const passwordHash = await hash(passwordSchema.parse(password), BCRYPT_COST);
  const [row] = await db.update(users).set({ passwordHash, sessionVersion: sql`${users.sessionVersion} + 1` }).where(eq(users.id, id)).returning();
  if (!row) throw new UserError(`no user with id ${id}`);
  await unlockAccount(db, row.email);
  return toPublic(row);
}

/** Ends every session of the user (sign-out). */
export async function endSessions(db: HostDb, id: number): Promise<void> {
  await db.update(users).set({ sessionVersion: sql`${users.sessionVersion} + 1` }).where(eq(users.id, id));
}

/** Deletes a user; refuses the last admin, in the same transaction. */
export async function deleteUser(db: HostDb, id: number): Promise<PublicUser> {
  return db.transaction(async (tx) => {
    await assertNotLastAdmin(tx, id, 'deleted');
    const [row] = await tx.delete(users).where(eq(users.id, id)).returning();
    if (!row) throw new UserError(`no user with id ${id}`);
    return toPublic(row);
  });
}
