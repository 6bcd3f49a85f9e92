// The dashboard's users in the host database, managed with drizzle-kit (lib/db/tool-schema.ts).
import { bigserial, jsonb, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { fastmigrate } from '../db/tool-schema';

/** Dashboard users (issue: dashboard). Passwords are stored as bcrypt hashes only. */
export const users = fastmigrate.table('users', {
  id: serial('id').primaryKey(),
  email: text('email').notNull().unique(),
  passwordHash: text('password_hash').notNull(),
  role: text('role').notNull(), // viewer | operator | admin
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
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
