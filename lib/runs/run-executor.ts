// I/O: carries out the databases of a run, claiming them one by one from the run log.
// Any number of executors (the CLI, the dashboard's server, workers) can share a run.
import os from 'node:os';
import { randomUUID } from 'node:crypto';
import { withClient, type DatabaseTarget, type Servers } from '../db/connection';
import { describeFailure } from '../db/failure';
import type { HostDb } from '../db/host';
import type pg from 'pg';
import { DEFAULT_TIMEOUTS, isUnknownSettingError, RUNNER_CONNECTION_OPTIONS, runOnDatabase, type DatabaseOutcome, type RunnerEvent } from '../migrations/database-runner';
import { refusalProblem, type MigrationSet } from '../migrations/types';
import { GroupLimiter } from '../util/concurrency';
import { saveStates } from './database-state';
import { claimNext, finishDatabase, finishRunIfDone, getRun, renewLease, runFinished, serversOfRun, type DatabaseResult } from './run-log';
import type { RunSpec } from './run-spec';
import type { RunDatabase } from './schema';

export type ExecutorEvent =
  | { type: 'database-start'; databaseId: string; name: string }
  | { type: 'database-event'; databaseId: string; name: string; event: RunnerEvent }
  | { type: 'database-done'; databaseId: string; name: string; result: DatabaseResult; outcome: DatabaseOutcome | null };

export interface ExecuteOptions {
  concurrency: number;
  /** Bound on connections per PostgreSQL server (defaults to `concurrency`). */
  perServer?: number;
  executorId?: string;
  leaseMs?: number;
  onEvent?: (event: ExecutorEvent) => void;
}

export interface ExecutorContext {
  db: HostDb;
  servers: Servers;
  migrations: MigrationSet;
}

export function newExecutorId(): string {
  return `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

export function targetOf(row: RunDatabase): DatabaseTarget {
  return {
    id: row.databaseId,
    kind: row.kind === 'host' ? 'host' : 'tenant',
    name: row.name,
    database: row.dbName,
    server: row.dbHost ? { host: row.dbHost, port: row.dbPort ?? 5432 } : null,
  };
}

/**
 * Works on the run until none of its databases is left to claim. With `untilDone`, it then waits
 * for the databases other executors hold, taking over any whose lease runs out (a dead executor),
 * and returns when the whole run is finished.
 */
export async function executeRun(ctx: ExecutorContext, runId: string, options: ExecuteOptions & { untilDone?: boolean }): Promise<void> {
  const found = await getRun(ctx.db, runId);
  if (!found) throw new Error(`run ${runId} does not exist`);
  const spec = found.run.request;
  const appliedBy = found.run.requestedBy;
  const executorId = options.executorId ?? newExecutorId();
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const perServer = new GroupLimiter(options.perServer ?? options.concurrency);
  // Concurrency is bounded per server (DESIGN §5): as many slots as servers can take together.
  const slots = options.concurrency * Math.max(1, (await serversOfRun(ctx.db, runId)).length);

  const slot = async () => {
    for (;;) {
      const row = await claimNext(ctx.db, runId, executorId, leaseMs);
      if (!row) return;
      const target = targetOf(row);
      const server = ctx.servers.serverOf(target);
      const heartbeat = setInterval(() => void renewLease(ctx.db, row.id, executorId, leaseMs).catch(() => {}), leaseMs / 3);
      try {
        await perServer.run(server, async () => {
          options.onEvent?.({ type: 'database-start', databaseId: row.databaseId, name: row.name });
          const { result, outcome } = await runTarget(ctx, target, spec, appliedBy, runId, (event) =>
            options.onEvent?.({ type: 'database-event', databaseId: row.databaseId, name: row.name, event }),
          );
          await finishDatabase(ctx.db, row.id, executorId, result);
          options.onEvent?.({ type: 'database-done', databaseId: row.databaseId, name: row.name, result, outcome });
        });
      } finally {
        clearInterval(heartbeat);
      }
    }
  };
  for (;;) {
    await Promise.all(Array.from({ length: slots }, slot));
    if ((await finishRunIfDone(ctx.db, runId)) || !options.untilDone || (await runFinished(ctx.db, runId))) return;
    await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, leaseMs / 4)));
  }
}

export const DEFAULT_LEASE_MS = 60_000;

async function runTarget(
  ctx: ExecutorContext,
  target: DatabaseTarget,
  spec: RunSpec,
  appliedBy: string,
  runId: string,
  onEvent: (event: RunnerEvent) => void,
): Promise<{ result: DatabaseResult; outcome: DatabaseOutcome | null }> {
  const stream = target.kind === 'host' ? ctx.migrations.host : ctx.migrations.tenant;
  try {
    const run = (client: pg.Client) =>
      runOnDatabase(client, stream, {
        request: spec.perDatabase?.[target.id] ?? spec.request,
        planOptions: spec.planOptions,
        timeouts: { ...DEFAULT_TIMEOUTS, ...spec.timeouts },
        appliedBy,
        runId,
        onEvent,
      });
    const config = ctx.servers.clientConfig(target);
    const outcome = await withClient({ ...config, options: RUNNER_CONNECTION_OPTIONS }, run).catch((error) => {
      if (isUnknownSettingError(error)) return withClient(config, run);
      throw error;
    });
    // The matrix reads the snapshot: keep it as fresh as the run.
    if (outcome.historyAfter) await saveStates(ctx.db, [{ databaseId: target.id, history: outcome.historyAfter, failure: null }]).catch(() => {});
    return { result: resultOf(target, outcome), outcome };
  } catch (error) {
    const failure = describeFailure(error, { database: target.id });
    if (failure.kind === 'unreachable' || failure.kind === 'auth-failed') {
      await saveStates(ctx.db, [{ databaseId: target.id, history: null, failure: { reason: failure.kind, message: failure.message } }]).catch(() => {});
    }
    return { result: { status: 'failed', fromVersion: null, toVersion: null, stepsApplied: 0, message: null, problems: [failure] }, outcome: null };
  }
}

function resultOf(target: DatabaseTarget, outcome: DatabaseOutcome): DatabaseResult {
  const base = {
    fromVersion: outcome.fromVersion,
    toVersion: outcome.toVersion,
    stepsApplied: outcome.stepsDone.length,
    message: outcome.plan?.notes.join('\n') || null,
  };
  switch (outcome.status) {
    case 'applied':
      return { ...base, status: 'applied', problems: [] };
    case 'unchanged':
      return { ...base, status: 'skipped', message: base.message ?? 'nothing to do', problems: [] };
    case 'refused':
      return { ...base, status: 'failed', problems: (outcome.plan?.refusals ?? []).map((r) => refusalProblem(r, target.id)) };
    case 'failed':
      return { ...base, status: 'failed', problems: [{ ...outcome.problem!, database: target.id }] };
  }
}
