// I/O: carry out a plan on one database, under its lock, one transaction per migration (DESIGN §5).
import type pg from 'pg';
import { describeFailure } from '../db/failure';
import { redact } from '../util/redact';
import { problem, type Problem } from '../problem';
import { appendHistory, appendRecords, ensureHistoryTable, historyInsertSql, readHistoryWithShape, SERVER_ELAPSED_MS } from './history-table';
import { currentVersion, withSteps } from './history-state';
import { withAdvisoryLock, LockedError } from './lock';
import { planDatabase } from './plan';
import { errorLine } from './error-line';
import { lexSql } from './sql-lexer';
import { recordsOnly, type HistoryRow, type Migration, type Plan, type PlannedStep, type PlanOptions, type PlanRequest } from './types';

export interface Timeouts {
  /** Wait for the per-database migration lock before reporting "locked". */
  lockWaitMs: number;
  /** PostgreSQL lock_timeout for each migration statement. */
  lockTimeoutMs: number;
  /** PostgreSQL statement_timeout for each migration statement; 0 = none. */
  statementTimeoutMs: number;
  /** How often a statement that hit lock_timeout is tried again (transactional steps only). */
  lockRetries: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = { lockWaitMs: 60_000, lockTimeoutMs: 5_000, statementTimeoutMs: 0, lockRetries: 3 };

export type RunnerEvent =
  | { type: 'lock-wait'; holder: string }
  | { type: 'step-start'; step: PlannedStep; attempt: number }
  | { type: 'step-retry'; step: PlannedStep; attempt: number; delayMs: number; message: string }
  | { type: 'step-done'; step: PlannedStep; ms: number };

export interface RunnerOptions {
  request: PlanRequest;
  planOptions: PlanOptions;
  timeouts: Timeouts;
  appliedBy: string;
  runId: string | null;
  onEvent?: (event: RunnerEvent) => void;
}

export interface DatabaseOutcome {
  status: 'applied' | 'unchanged' | 'failed' | 'refused';
  plan: Plan | null;
  fromVersion: number | null;
  toVersion: number | null;
  stepsDone: PlannedStep[];
  /** Why the database failed (status `failed`): the step's version, file and line when known. */
  problem: Problem | null;
  /** The history as it stands after the run (what was read under the lock plus the steps done). */
  historyAfter: HistoryRow[] | null;
}

const LOCK_NOT_AVAILABLE = '55P03';

/**
 * Connection settings for a runner's connection. `client_connection_check_interval`: how often the
 * server checks, while a statement runs, that the runner is still connected. A runner killed
 * mid-migration (SIGKILL, a lost machine) then has its transaction rolled back and its locks, the
 * migration lock included, released within about a second, rather than when the SQL ends. It
 * matters doubly because a migration travels with its COMMIT in one message: without the check the
 * server would finish and commit a migration whose runner is gone. Set at connection start to save
 * a round trip per database; PostgreSQL before 14 does not know it (see withoutRunnerSettings).
 */
export const RUNNER_CONNECTION_OPTIONS = '-c client_connection_check_interval=1000';

/** The server refused RUNNER_CONNECTION_OPTIONS (PostgreSQL 13 or older): connect without them. */
export function isUnknownSettingError(error: unknown): boolean {
  return (error as { code?: string }).code === '42704' && /client_connection_check_interval/.test(String((error as Error).message));
}

/** A step that must not run while the database holds an INVALID index that a failed build left behind. */
export class InvalidIndexError extends Error {
  readonly code = 'FM_INVALID_INDEX';
  constructor(
    readonly step: PlannedStep,
    readonly indexes: readonly InvalidIndex[],
  ) {
    const names = indexes.map((i) => i.qualified).join(', ');
    const why = step.noTransaction
      ? `${step.file ?? step.name} runs outside a transaction while the database holds INVALID index(es) ${names}`
      : `${step.file ?? step.name} refers to the INVALID index(es) ${names}`;
    super(
      `${why}, left by a CREATE INDEX CONCURRENTLY (or REINDEX CONCURRENTLY) that failed halfway; ` +
        `"IF NOT EXISTS" would silently skip such an index, so nothing was run`,
    );
    this.name = 'InvalidIndexError';
  }

  get hint(): string {
    return `find why the build failed (e.g. duplicate values for a unique index), then ${dropStatements(this.indexes)} and migrate again`;
  }
}

function dropStatements(indexes: readonly InvalidIndex[]): string {
  return indexes.map((i) => `DROP INDEX CONCURRENTLY ${i.qualified};`).join(' ');
}

export async function runOnDatabase(client: pg.Client, migrations: readonly Migration[], options: RunnerOptions): Promise<DatabaseOutcome> {
  const stepsDone: PlannedStep[] = [];
  let plan: Plan | null = null;
  let historyBefore: HistoryRow[] | null = null;
  try {
    return await withAdvisoryLock(
      client,
      { deadlineMs: options.timeouts.lockWaitMs, onWait: (holder) => options.onEvent?.({ type: 'lock-wait', holder }) },
      async () => {
        // Read only after locking: another runner may have just finished the same work.
        let history = await readHistoryWithShape(client);
        if (!history.complete) {
          await ensureHistoryTable(client);
          history = await readHistoryWithShape(client);
        }
        historyBefore = history.rows;
        plan = planDatabase(migrations, history.rows, options.request, options.planOptions);
        if (plan.refusals.length) return outcome('refused', plan, stepsDone, null, historyBefore);
        const request = plan.request;
        if (recordsOnly(request)) {
          // Baseline and repair: rows only, in one transaction; no SQL of the migrations runs.
          const kind = request.action === 'baseline' ? 'baseline' : 'repair';
          const reason = request.action === 'repair' ? request.reason : null;
          await appendRecords(client, plan.steps, { kind, reason, appliedBy: options.appliedBy, runId: options.runId });
          stepsDone.push(...plan.steps);
          return outcome(stepsDone.length ? 'applied' : 'unchanged', plan, stepsDone, null, historyBefore);
        }
        await refuseOnInvalidIndexes(client, plan.steps);
        for (const step of plan.steps) {
          await executeStep(client, step, options, plan.notes);
          stepsDone.push(step);
        }
        return outcome(stepsDone.length ? 'applied' : 'unchanged', plan, stepsDone, null, historyBefore);
      },
    );
  } catch (error) {
    const failedStep = error instanceof InvalidIndexError ? error.step : plan ? (plan as Plan).steps[stepsDone.length] : undefined;
    const positionOffset = failedStep && !failedStep.noTransaction ? transactionPrefix(options.timeouts).length : 0;
    return outcome('failed', plan, stepsDone, await stepProblem(client, error, failedStep, positionOffset), historyBefore);
  }
}

function outcome(
  status: DatabaseOutcome['status'],
  plan: Plan | null,
  stepsDone: PlannedStep[],
  problem: Problem | null,
  historyBefore: HistoryRow[] | null,
): DatabaseOutcome {
  const fromVersion = plan?.current ?? null;
  const kind = plan && recordsOnly(plan.request) ? (plan.request.action === 'baseline' ? 'baseline' : 'repair') : null;
  const historyAfter = historyBefore ? withSteps(historyBefore, stepsDone, kind) : null;
  const toVersion = historyAfter ? currentVersion(historyAfter) : null;
  return { status, plan, fromVersion, toVersion, stepsDone, problem, historyAfter };
}

/** Pause before attempt `attempt + 1` of a step that hit lock_timeout: 250 ms, 500 ms, 1 s, … capped at 8 s. */
export function lockRetryDelayMs(attempt: number): number {
  return Math.min(250 * 2 ** (attempt - 1), 8_000);
}

/**
 * Runs one step. A statement that hit lock_timeout (55P03: the application held a table lock) is
 * rolled back and tried again, at most `lockRetries` more times, with a growing pause in between;
 * each such attempt is reported as an event and kept in `notes` (the run log keeps those). Nothing
 * else is retried: statement_timeout (57014) and every other error fail the step at once, and a
 * no-transaction step is never retried (a half-built concurrent index must be looked at first).
 */
async function executeStep(client: pg.Client, step: PlannedStep, options: RunnerOptions, notes: string[]): Promise<void> {
  const { timeouts } = options;
  const maxAttempts = step.noTransaction ? 1 : 1 + Math.max(0, timeouts.lockRetries);
  for (let attempt = 1; ; attempt++) {
    options.onEvent?.({ type: 'step-start', step, attempt });
    const started = performance.now();
    try {
      if (step.noTransaction) await executeOutsideTransaction(client, step, options, started);
      else await executeInTransaction(client, step, options);
      options.onEvent?.({ type: 'step-done', step, ms: Math.round(performance.now() - started) });
      return;
    } catch (error) {
      const lockTimeout = (error as { code?: string }).code === LOCK_NOT_AVAILABLE;
      if (lockTimeout && attempt > 1) notes.push(`${stepLabel(step)}: attempt ${attempt} of ${maxAttempts} also hit lock_timeout`);
      // Waiting on an application's table lock: give the application room, then try again.
      if (!lockTimeout || attempt >= maxAttempts) {
        if (lockTimeout) Object.assign(error as object, { attempts: attempt });
        throw error;
      }
      const delayMs = lockRetryDelayMs(attempt);
      const message = describeFailure(error).message;
      if (attempt === 1) notes.push(`${stepLabel(step)}: attempt 1 of ${maxAttempts} hit lock_timeout (${timeouts.lockTimeoutMs} ms, 55P03: ${message})`);
      notes.push(`${stepLabel(step)}: rolled back; attempt ${attempt + 1} of ${maxAttempts} in ${delayMs} ms`);
      options.onEvent?.({ type: 'step-retry', step, attempt, delayMs, message });
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}

function stepLabel(step: PlannedStep): string {
  return `${step.direction.toUpperCase()} ${step.file ?? step.name}`;
}

function timeoutSettings(timeouts: Timeouts, scope: 'LOCAL' | 'SESSION'): string {
  return `SET ${scope} lock_timeout = ${Math.round(timeouts.lockTimeoutMs)}; SET ${scope} statement_timeout = ${Math.round(timeouts.statementTimeoutMs)}`;
}

/**
 * BEGIN, the migration, its history row and COMMIT go to the server as one message: one round trip
 * per migration, and PostgreSQL parses the whole text before running any of it. The row's
 * execution time is the server's own (clock_timestamp() - statement_timestamp()).
 */
function transactionPrefix(timeouts: Timeouts): string {
  return `BEGIN; ${timeoutSettings(timeouts, 'LOCAL')};\n`;
}

async function executeInTransaction(client: pg.Client, step: PlannedStep, options: RunnerOptions): Promise<void> {
  const record = historyInsertSql({ step, appliedBy: options.appliedBy, runId: options.runId }, SERVER_ELAPSED_MS);
  try {
    await client.query(`${transactionPrefix(options.timeouts)}${step.sql}\n;\n${record};\nCOMMIT`);
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}

/** `CREATE INDEX CONCURRENTLY` and friends: the statement commits on its own, then its history row. */
async function executeOutsideTransaction(client: pg.Client, step: PlannedStep, options: RunnerOptions, started: number): Promise<void> {
  await client.query(timeoutSettings(options.timeouts, 'SESSION'));
  try {
    await client.query(step.sql);
    const executionTimeMs = Math.round(performance.now() - started);
    await appendHistory(client, { step, appliedBy: options.appliedBy, executionTimeMs, runId: options.runId });
  } finally {
    await client.query('RESET lock_timeout; RESET statement_timeout').catch(() => {});
  }
}

async function stepProblem(client: pg.Client, error: unknown, step: PlannedStep | undefined, positionOffset: number): Promise<Problem> {
  const where = { version: step?.version ?? null, file: step?.file ?? null };
  if (error instanceof LockedError) {
    return problem('locked', error.message, { ...where, hint: 'another runner is working on this database: wait for it, or raise --lock-wait' });
  }
  if (error instanceof InvalidIndexError) return problem('blocked', redact(error.message), { ...where, hint: redact(error.hint) });
  const failure = describeFailure(error, { ...where, line: errorLine(error, step, positionOffset) });
  const attempts = (error as { attempts?: number } | null)?.attempts;
  if (attempts && attempts > 1) {
    failure.message += ` (gave up after ${attempts} attempts)`;
    failure.hint = 'the application held a table lock each time: run again at a quieter time, or raise --lock-timeout';
  }
  if (step?.noTransaction && failure.kind === 'sql') {
    const invalid = await invalidIndexes(client).catch(() => []);
    if (invalid.length) {
      failure.message +=
        `\nleft INVALID index(es): ${invalid.map((i) => i.qualified).join(', ')}. The migration is not applied, and no migration that runs ` +
        `outside a transaction will run on this database while they exist`;
      failure.hint = `fix the cause, then ${dropStatements(invalid)} and migrate again`;
    }
  }
  return failure;
}

interface InvalidIndex {
  /** The index name as PostgreSQL stores it. */
  name: string;
  /** As it can be written in SQL from this session (schema-qualified when not on the search path). */
  qualified: string;
}

async function invalidIndexes(client: pg.Client): Promise<InvalidIndex[]> {
  const { rows } = await client.query<InvalidIndex>(
    `SELECT c.relname AS name, i.indexrelid::regclass::text AS qualified
       FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE NOT i.indisvalid AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
      ORDER BY 2`,
  );
  return rows;
}

/**
 * A failed CREATE INDEX CONCURRENTLY leaves an INVALID index behind. Running again would either
 * fail on the name or, with IF NOT EXISTS, skip it silently and record the migration as applied
 * with an index that is never used (and, for a unique index, still enforced on writes). So before
 * anything runs: a no-transaction step is refused while any INVALID index exists, and any step that
 * names one is refused, unless it drops it.
 */
async function refuseOnInvalidIndexes(client: pg.Client, steps: readonly PlannedStep[]): Promise<void> {
  if (!steps.length) return;
  const invalid = await invalidIndexes(client);
  if (!invalid.length) return;
  for (const step of steps) {
    if (dropsIndex(step.sql)) continue;
    const named = invalid.filter((i) => identifiersOf(step.sql).has(i.name));
    const blocking = step.noTransaction ? invalid : named;
    if (blocking.length) throw new InvalidIndexError(step, blocking);
  }
}

/** The identifiers a SQL text mentions, folded the way PostgreSQL folds them. */
function identifiersOf(sql: string): Set<string> {
  const names = new Set<string>();
  for (const token of lexSql(sql)) {
    const text = sql.slice(token.start, token.end);
    if (token.kind === 'word') names.add(text.toLowerCase());
    else if (token.kind === 'quoted-identifier' && !token.unterminated) names.add(text.slice(1, -1).replace(/""/g, '"'));
  }
  return names;
}

function dropsIndex(sql: string): boolean {
  const words = lexSql(sql)
    .filter((t) => t.kind === 'word')
    .slice(0, 2)
    .map((t) => sql.slice(t.start, t.end).toLowerCase());
  return words[0] === 'drop' && words[1] === 'index';
}
