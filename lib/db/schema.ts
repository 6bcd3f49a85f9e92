// The tool's own tables in the host database (schema `fastmigrate`), managed with drizzle-kit.
import { sql } from 'drizzle-orm';
import { bigserial, index, integer, jsonb, pgSchema, serial, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const fastmigrate = pgSchema('fastmigrate');

/** One command or dashboard action over a set of databases (DESIGN §5). */
export const runs = fastmigrate.table('runs', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  action: text('action').notNull(), // migrate | rollback
  request: jsonb('request').notNull(), // PlanRequest + options
  requestedBy: text('requested_by').notNull(),
  source: text('source').notNull(), // cli | dashboard
  status: text('status').notNull().default('running'), // running | succeeded | failed
  databaseCount: integer('database_count').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
});

/** The work list and outcome of a run: one row per database. Claimed with FOR UPDATE SKIP LOCKED. */
export const runDatabases = fastmigrate.table(
  'run_databases',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    runId: uuid('run_id')
      .notNull()
      .references(() => runs.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    databaseId: text('database_id').notNull(),
    kind: text('kind').notNull(), // host | tenant
    name: text('name').notNull(),
    dbName: text('db_name').notNull(),
    dbHost: text('db_host'),
    dbPort: integer('db_port'),
    status: text('status').notNull().default('queued'), // queued | running | applied | failed | skipped
    claimedBy: text('claimed_by'),
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    attempts: integer('attempts').notNull().default(0),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    fromVersion: integer('from_version'),
    toVersion: integer('to_version'),
    stepsApplied: integer('steps_applied').notNull().default(0),
    message: text('message'),
    error: text('error'),
    errorKind: text('error_kind'),
    sqlstate: text('sqlstate'),
    errorVersion: integer('error_version'),
  },
  (t) => [
    uniqueIndex('run_databases_run_database').on(t.runId, t.databaseId),
    index('run_databases_claim').on(t.runId, t.status, t.position),
    index('run_databases_latest').on(t.databaseId, t.id),
  ],
);

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

export type Run = typeof runs.$inferSelect;
export type RunDatabase = typeof runDatabases.$inferSelect;
export type User = typeof users.$inferSelect;

/**
 * The last known state of every database, so that the dashboard's matrix reads one table instead
 * of connecting to every tenant on every page load. Refreshed by status and by every run.
 */
export const databaseState = fastmigrate.table('database_state', {
  databaseId: text('database_id').primaryKey(),
  /** Applied migrations, ascending: [[version, checksum applied, name], …]; null when unreadable. */
  applied: jsonb('applied').$type<Array<[number, string | null, string]>>(),
  /** Set when the database could not be read: unreachable | auth-failed. */
  failureReason: text('failure_reason'),
  failure: text('failure'),
  refreshedAt: timestamp('refreshed_at', { withTimezone: true }).notNull().defaultNow(),
});

export type DatabaseStateRow = typeof databaseState.$inferSelect;
