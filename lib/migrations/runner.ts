// I/O: carry out a plan on one database, under its lock, one transaction per migration (DESIGN §5).
import type pg from 'pg';
import { describeFailure, type Failure } from '../db/errors';
import { appendHistory, ensureHistoryTable, readHistory } from './history-table';
import { withAdvisoryLock, LockedError } from './lock';
import { planDatabase } from './plan';
import { lineOfOffset } from './sql-lexer';
import type { Migration, Plan, PlannedStep, PlanOptions, PlanRequest } from './types';

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

export interface StepFailure extends Failure {
  version: number | null;
  file: string | null;
  /** Line in `file` the error points at, when PostgreSQL gave a position. */
  line: number | null;
}

export interface DatabaseOutcome {
  status: 'applied' | 'unchanged' | 'failed' | 'refused';
  plan: Plan | null;
  fromVersion: number | null;
  toVersion: number | null;
  stepsDone: PlannedStep[];
  failure: StepFailure | null;
}

const LOCK_NOT_AVAILABLE = '55P03';

export async function runOnDatabase(client: pg.Client, migrations: readonly Migration[], options: RunnerOptions): Promise<DatabaseOutcome> {
  const stepsDone: PlannedStep[] = [];
  let plan: Plan | null = null;
  try {
    return await withAdvisoryLock(
      client,
      { deadlineMs: options.timeouts.lockWaitMs, onWait: (holder) => options.onEvent?.({ type: 'lock-wait', holder }) },
      async () => {
        await ensureHistoryTable(client);
        // Read only after locking: another runner may have just finished the same work.
        plan = planDatabase(migrations, await readHistory(client), options.request, options.planOptions);
        if (plan.refusals.length) return outcome('refused', plan, stepsDone, null);
        for (const step of plan.steps) {
          await executeStep(client, step, options);
          stepsDone.push(step);
        }
        return outcome(stepsDone.length ? 'applied' : 'unchanged', plan, stepsDone, null);
      },
    );
  } catch (error) {
    const failedStep = plan ? (plan as Plan).steps[stepsDone.length] : undefined;
    return outcome('failed', plan, stepsDone, await stepFailure(client, error, failedStep));
  }
}

function outcome(status: DatabaseOutcome['status'], plan: Plan | null, stepsDone: PlannedStep[], failure: StepFailure | null): DatabaseOutcome {
  const fromVersion = plan?.current ?? null;
  const toVersion = plan ? versionAfter(plan, stepsDone) : null;
  return { status, plan, fromVersion, toVersion, stepsDone, failure };
}

function versionAfter(plan: Plan, done: readonly PlannedStep[]): number {
  const applied = new Set(plan.applied);
  for (const step of done) {
    if (step.direction === 'up') applied.add(step.version);
    else applied.delete(step.version);
  }
  return applied.size ? Math.max(...applied) : 0;
}

async function executeStep(client: pg.Client, step: PlannedStep, options: RunnerOptions): Promise<void> {
  const { timeouts } = options;
  for (let attempt = 1; ; attempt++) {
    options.onEvent?.({ type: 'step-start', step, attempt });
    const started = performance.now();
    try {
      if (step.noTransaction) await executeOutsideTransaction(client, step, options, started);
      else await executeInTransaction(client, step, options, started);
      options.onEvent?.({ type: 'step-done', step, ms: Math.round(performance.now() - started) });
      return;
    } catch (error) {
      const code = (error as { code?: string }).code;
      // Waiting on an application's table lock: give the application room, then try again.
      if (code !== LOCK_NOT_AVAILABLE || step.noTransaction || attempt > timeouts.lockRetries) throw error;
      const delayMs = 250 * 2 ** (attempt - 1);
      options.onEvent?.({ type: 'step-retry', step, attempt, delayMs, message: describeFailure(error).message });
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}

function timeoutSettings(timeouts: Timeouts, scope: 'LOCAL' | 'SESSION'): string {
  return `SET ${scope} lock_timeout = ${Math.round(timeouts.lockTimeoutMs)}; SET ${scope} statement_timeout = ${Math.round(timeouts.statementTimeoutMs)}`;
}

async function executeInTransaction(client: pg.Client, step: PlannedStep, options: RunnerOptions, started: number): Promise<void> {
  await client.query(`BEGIN; ${timeoutSettings(options.timeouts, 'LOCAL')}`);
  try {
    await client.query(step.sql);
    const executionTimeMs = Math.round(performance.now() - started);
    await appendHistory(client, { step, appliedBy: options.appliedBy, executionTimeMs, runId: options.runId });
    await client.query('COMMIT');
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

async function stepFailure(client: pg.Client, error: unknown, step: PlannedStep | undefined): Promise<StepFailure> {
  const base = error instanceof LockedError ? { kind: 'locked' as const, message: error.message, sqlstate: null } : describeFailure(error);
  const failure: StepFailure = { ...base, version: step?.version ?? null, file: step?.file ?? null, line: errorLine(error, step) };
  if (step?.noTransaction && failure.kind === 'sql') {
    const invalid = await invalidIndexes(client).catch(() => []);
    if (invalid.length) {
      failure.message += `\nleft INVALID index(es): ${invalid.join(', ')}. Drop them (DROP INDEX CONCURRENTLY …) before migrating this database again.`;
    }
  }
  return failure;
}

/** PostgreSQL reports a 1-based character position in the statement; map it to the file's line. */
function errorLine(error: unknown, step: PlannedStep | undefined): number | null {
  const position = Number((error as { position?: string }).position);
  if (!step || step.startLine === null || !position) return null;
  return step.startLine + lineOfOffset(step.sql, position - 1) - 1;
}

async function invalidIndexes(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT indexrelid::regclass::text AS name FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE NOT i.indisvalid AND n.nspname NOT IN ('pg_catalog', 'information_schema')`,
  );
  return rows.map((r) => r.name);
}
