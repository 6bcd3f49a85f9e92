// The run log's tables in the host database (DESIGN §5), managed with drizzle-kit (lib/db/tool-schema.ts).
import { sql } from 'drizzle-orm';
import { bigint, bigserial, index, integer, jsonb, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { fastmigrate } from '../db/tool-schema';
import type { Problem } from '../problem';
import type { RunSpec } from './run-spec';

export { fastmigrate };

/** One command or dashboard action over a set of databases (DESIGN §5). */
export const runs = fastmigrate.table('runs', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  action: text('action').notNull(), // migrate | rollback
  request: jsonb('request').$type<RunSpec>().notNull(),
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
    fromVersion: bigint('from_version', { mode: 'number' }),
    toVersion: bigint('to_version', { mode: 'number' }),
    stepsApplied: integer('steps_applied').notNull().default(0),
    message: text('message'),
    // The database's Problem (lib/problem.ts), one column per field.
    error: text('error'),
    errorKind: text('error_kind'),
    errorHint: text('error_hint'),
    sqlstate: text('sqlstate'),
    errorVersion: bigint('error_version', { mode: 'number' }),
    errorFile: text('error_file'),
    errorLine: integer('error_line'),
    /** Further problems of the same database (several refusals), rarely set. */
    moreProblems: jsonb('more_problems').$type<Problem[]>(),
  },
  (t) => [
    uniqueIndex('run_databases_run_database').on(t.runId, t.databaseId),
    index('run_databases_claim').on(t.runId, t.status, t.position),
    index('run_databases_latest').on(t.databaseId, t.id),
  ],
);

/**
 * The last known state of every database, so that the dashboard's matrix reads one table instead
 * of connecting to every tenant on every page load. Refreshed by status and by every run.
 */
export const databaseState = fastmigrate.table('database_state', {
  databaseId: text('database_id').primaryKey(),
  /** Applied migrations, ascending: [[version, checksum applied, name, kind?], …] (kind: baseline, repair); null when unreadable. */
  applied: jsonb('applied').$type<Array<[number, string | null, string] | [number, string | null, string, string]>>(),
  /** Set when the database could not be read: unreachable | auth-failed. */
  failureReason: text('failure_reason'),
  failure: text('failure'),
  refreshedAt: timestamp('refreshed_at', { withTimezone: true }).notNull().defaultNow(),
});

export type DatabaseStateRow = typeof databaseState.$inferSelect;

export type Run = typeof runs.$inferSelect;
export type RunDatabase = typeof runDatabases.$inferSelect;
