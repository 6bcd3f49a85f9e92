// I/O: a rehearsal runs a plan for real inside one transaction that is always rolled back, on one
// database, and reports whether it would succeed and what it does to the schema (the fleet: Engine.rehearse).
//
// Like the runner it takes the database's migration lock (pg_try_advisory_lock, polled) and plans
// from the history read after locking. Unlike the runner it writes nothing: no history table is
// created, no history row is written, and every change is rolled back. The SQL still takes the same
// table locks as the real run while the rehearsal lasts, which is why the timeouts are short.
import type pg from 'pg';
import { withClient, type DatabaseTarget } from '../db/connection';
import { describeFailure } from '../db/failure';
import { problem, type Problem } from '../problem';
import { errorLine } from './error-line';
import { readHistory } from './history-table';
import { LockedError, withAdvisoryLock } from './lock';
import { planDatabase } from './plan';
import { diffCatalogs, readSchemaCatalog, type SchemaDiff } from './schema-catalog';
import { lexSql, splitStatements } from './sql-lexer';
import type { Plan, PlannedStep, PlanOptions, PlanRequest } from './types';

export interface RehearsalOptions {
  concurrency?: number;
  /** How long to wait for the migration lock of a database before reporting it locked. */
  lockWaitMs?: number;
  /** PostgreSQL lock_timeout for the rehearsed SQL: never queue long behind the application. */
  lockTimeoutMs?: number;
  /** PostgreSQL statement_timeout for the rehearsed SQL (0 = none). */
  statementTimeoutMs?: number;
}

export const DEFAULT_REHEARSAL_OPTIONS: Required<RehearsalOptions> = {
  concurrency: 8,
  lockWaitMs: 10_000,
  lockTimeoutMs: 5_000,
  statementTimeoutMs: 60_000,
};

export type RehearsalOutcome =
  /** Every step ran; the transaction was rolled back. */
  | 'succeeded'
  /** A step failed with the PostgreSQL error in `error`. */
  | 'failed'
  /** The steps before a no-transaction step ran; that step and the ones after it cannot be rehearsed. */
  | 'partial'
  /** Nothing would run (already there). */
  | 'nothing-to-do'
  /** The plan is refused (checksum mismatch, missing file, out of order, irreversible, …). */
  | 'refused'
  /** The plan holds SQL that a rehearsal cannot contain safely (transaction control statements). */
  | 'not-rehearsable'
  /** Another runner held the migration lock past the deadline. */
  | 'locked'
  /** The database could not be reached. */
  | 'unreachable';

export type RehearsedStepStatus = 'succeeded' | 'failed' | 'not-rehearsable' | 'not-run';

export interface RehearsedStep {
  direction: PlannedStep['direction'];
  version: number;
  name: string;
  file: string | null;
  noTransaction: boolean;
  status: RehearsedStepStatus;
  ms: number | null;
  /** Why a step is not rehearsable or not run. */
  note: string | null;
}

export interface DatabaseRehearsal {
  target: DatabaseTarget;
  outcome: RehearsalOutcome;
  plan: Plan | null;
  steps: RehearsedStep[];
  /** Why it would fail (or could not be rehearsed): the step's version, file and line when known. */
  error: Problem | null;
  /** What the rehearsed steps did to the schema, read from the catalog inside the transaction. */
  diff: SchemaDiff | null;
  /** Human-readable remarks (why something was not rehearsed, notes of the plan). */
  notes: string[];
  durationMs: number;
}

export interface RehearsalReport {
  results: DatabaseRehearsal[];
  invalid: Array<{ id: string; name: string; problem: string }>;
}

/** Rehearses `request` on one database (see the top of this file). */
export async function rehearseDatabase(
  clientConfig: pg.ClientConfig,
  target: DatabaseTarget,
  stream: Parameters<typeof planDatabase>[0],
  request: PlanRequest,
  planOptions: PlanOptions,
  o: Required<RehearsalOptions>,
): Promise<DatabaseRehearsal> {
  const started = performance.now();
  const result: DatabaseRehearsal = { target, outcome: 'unreachable', plan: null, steps: [], error: null, diff: null, notes: [], durationMs: 0 };
  try {
    await withClient(clientConfig, (client) =>
      withAdvisoryLock(client, { deadlineMs: o.lockWaitMs }, () => rehearseLocked(client, stream, request, planOptions, o, result)),
    );
  } catch (error) {
    const failure = error instanceof LockedError ? problem('locked', error.message, { database: target.id }) : describeFailure(error, { database: target.id });
    result.outcome = failure.kind === 'locked' ? 'locked' : failure.kind === 'unreachable' || failure.kind === 'auth-failed' ? 'unreachable' : 'failed';
    result.error ??= failure;
  }
  result.durationMs = Math.round(performance.now() - started);
  return result;
}

async function rehearseLocked(
  client: pg.Client,
  stream: Parameters<typeof planDatabase>[0],
  request: PlanRequest,
  planOptions: PlanOptions,
  o: Required<RehearsalOptions>,
  result: DatabaseRehearsal,
): Promise<void> {
  const plan = planDatabase(stream, await readHistory(client), request, planOptions);
  result.plan = plan;
  result.notes.push(...plan.notes);
  if (plan.refusals.length) {
    result.outcome = 'refused';
    return;
  }
  if (!plan.steps.length) {
    result.outcome = 'nothing-to-do';
    return;
  }
  result.steps = plan.steps.map((s) => ({
    direction: s.direction,
    version: s.version,
    name: s.name,
    file: s.file,
    noTransaction: s.noTransaction,
    status: 'not-run',
    ms: null,
    note: null,
  }));

  // Refuse up front anything that would end our transaction: what follows would then commit.
  for (const [i, step] of plan.steps.entries()) {
    const control = transactionControl(step.sql);
    if (control) {
      result.outcome = 'not-rehearsable';
      result.steps[i].status = 'not-rehearsable';
      result.steps[i].note = `contains the transaction control statement ${control}, which would end the rehearsal's transaction`;
      result.notes.push(`${step.name} contains ${control}: it cannot be rehearsed (nothing was run)`);
      return;
    }
  }

  await client.query('BEGIN');
  try {
    await client.query(`SET LOCAL lock_timeout = ${Math.round(o.lockTimeoutMs)}; SET LOCAL statement_timeout = ${Math.round(o.statementTimeoutMs)}`);
    const before = await readSchemaCatalog(client);
    let stoppedAt: number | null = null;
    for (const [i, step] of plan.steps.entries()) {
      if (step.noTransaction) {
        stoppedAt = i;
        result.steps[i].status = 'not-rehearsable';
        result.steps[i].note = 'marked no-transaction: it cannot run inside a transaction, so it cannot be rehearsed';
        for (const later of result.steps.slice(i + 1)) later.note = `not rehearsed: it comes after ${step.name}`;
        break;
      }
      const t0 = performance.now();
      try {
        await client.query(step.sql);
      } catch (error) {
        const failure = describeFailure(error, { database: result.target.id, version: step.version, file: step.file, line: errorLine(error, step) });
        result.steps[i].status = 'failed';
        result.steps[i].ms = Math.round(performance.now() - t0);
        result.outcome = 'failed';
        result.error = { ...failure, message: explainTimeout(failure, o) };
        return;
      }
      result.steps[i].status = 'succeeded';
      result.steps[i].ms = Math.round(performance.now() - t0);
    }
    result.diff = diffCatalogs(before, await readSchemaCatalog(client));
    if (stoppedAt === null) result.outcome = 'succeeded';
    else {
      const step = plan.steps[stoppedAt];
      const after = plan.steps.length - stoppedAt - 1;
      result.outcome = 'partial';
      result.notes.push(
        `${step.name} is marked no-transaction and cannot be rehearsed` +
          (stoppedAt ? `; the ${stoppedAt} step${stoppedAt === 1 ? '' : 's'} before it ${stoppedAt === 1 ? 'was' : 'were'} rehearsed` : '') +
          (after ? `; the ${after} step${after === 1 ? '' : 's'} after it ${after === 1 ? 'was' : 'were'} not` : ''),
      );
    }
  } finally {
    // Always: a rehearsal never commits.
    await client.query('ROLLBACK').catch(() => {});
  }
}

const CONTROL_WORDS = new Set(['begin', 'start', 'commit', 'end', 'rollback', 'abort', 'savepoint', 'release']);

/** The first top-level transaction control statement in `sql` (e.g. `COMMIT`), or null. */
export function transactionControl(sql: string): string | null {
  for (const statement of splitStatements(sql)) {
    const words = lexSql(statement.text)
      .filter((t) => t.kind === 'word')
      .slice(0, 2)
      .map((t) => statement.text.slice(t.start, t.end).toLowerCase());
    const [first, second] = words;
    if (!first) continue;
    // `BEGIN ATOMIC` only appears inside CREATE FUNCTION, which splitStatements keeps whole.
    if (CONTROL_WORDS.has(first)) return first.toUpperCase();
    if (first === 'prepare' && second === 'transaction') return 'PREPARE TRANSACTION';
  }
  return null;
}

function explainTimeout(failure: { sqlstate: string | null; message: string }, o: Required<RehearsalOptions>): string {
  if (failure.sqlstate === '57014') return `${failure.message} (the rehearsal's statement_timeout is ${o.statementTimeoutMs} ms: the real run would take at least that long)`;
  if (failure.sqlstate === '55P03') return `${failure.message} (waited lock_timeout = ${o.lockTimeoutMs} ms for a table lock held by another session)`;
  return failure.message;
}
