// The dashboard's users in the host database, managed with drizzle-kit (lib/db/tool-schema.ts).
import { bigserial, integer, jsonb, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { fastmigrate } from '../db/tool-schema';

/** Dashboard users (issue: dashboard). Passwords are stored as bcrypt hashes only. */
export const users = fastmigrate.table('users', {
  id: serial('id').primaryKey(),
  email: text('email').notNull().unique(),
  passwordHash: text('password_hash').notNull(),
  role: text('role').notNull(), // viewer | operator | admin
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  /**
   * Every session token carries the version it was issued under; bumping it (sign-out, password
   * reset, role change) ends all of the user's sessions at their next request.
   */
  sessionVersion: integer('session_version').notNull().default(1),
});

/**
 * Failed sign-ins per key (`account:<email>` or `address:<client address>`), so that every server
 * process and the CLI (`user unlock`) see the same lockouts. One row per key; rows whose window and
 * lock are over are deleted as new failures come in, so the table stays as small as the attack.
 */
export const signInThrottle = fastmigrate.table('sign_in_throttle', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull(),
  windowStartedAt: timestamp('window_started_at', { withTimezone: true }).notNull(),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
  /** Attempts refused while locked: counted here; only the first one of a lock is audited. */
  refused: integer('refused').notNull().default(0),
});

/** Append-only record of every apply/rollback and every refused action. */
export const auditLog = fastmigrate.table('audit_log', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  actor: text('actor'),
  action: text('action').notNull(),
  outcome: text('outcome').notNull(), // allowed | refused
  detail: jsonb('detail'),
  origin: text('origin'),
});

export type User = typeof users.$inferSelect;
