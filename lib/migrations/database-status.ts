// Pure: a database's status from its history, the files, and its last recorded run outcome.
import { problem, problemText, type Problem } from '../problem';
import { appliedRows, currentVersion } from './history-state';
import { checkAppliedAgainstFiles } from './plan';
import { refusalProblem, type DatabaseKind, type HistoryRow, type Migration, type Refusal } from './types';

/** DESIGN §6 states, in the order a person should look at them. */
export type DatabaseState = 'unreachable' | 'checksum-mismatch' | 'failed' | 'behind' | 'up-to-date';

export interface DatabaseStatus {
  id: string;
  kind: DatabaseKind;
  name: string;
  database: string;
  current: number | null;
  applied: number[];
  pending: number[];
  /** Applied versions recorded by a baseline (never run by FastMigrate). */
  baselined: number[];
  latest: number;
  state: DatabaseState;
  /**
   * Why a database is unreachable (kind unreachable, auth-failed or invalid), failed (the last run's
   * problem) or refused (the first refusal); null when all is well.
   */
  problem: Problem | null;
  refusals: Refusal[];
  lastRun: { runId: string; status: string; finishedAt: Date | null } | null;
  /** The tenant's labels (extra columns of the tenants query); none for the host. */
  labels: Record<string, string>;
}

export interface StatusInput {
  id: string;
  kind: DatabaseKind;
  name: string;
  database: string;
  labels?: Record<string, string>;
  stream: readonly Migration[];
  history: readonly HistoryRow[] | null;
  /** Set when the database could not be read. */
  failure: { reason: 'unreachable' | 'auth-failed' | 'invalid'; message: string } | null;
  lastOutcome: { runId: string; status: string; problem: Problem | null; finishedAt: Date | null } | null;
}

export function summarizeStatus(input: StatusInput): DatabaseStatus {
  const latest = input.stream.length ? input.stream[input.stream.length - 1].version : 0;
  const lastRun = input.lastOutcome ? { runId: input.lastOutcome.runId, status: input.lastOutcome.status, finishedAt: input.lastOutcome.finishedAt } : null;
  const base = { id: input.id, kind: input.kind, name: input.name, database: input.database, labels: input.labels ?? {}, latest, lastRun };
  if (input.failure || !input.history) {
    return {
      ...base,
      current: null,
      applied: [],
      pending: [],
      baselined: [],
      state: 'unreachable',
      problem: problem(input.failure?.reason ?? 'unreachable', input.failure?.message ?? 'not read', { database: input.id }),
      refusals: [],
    };
  }
  const appliedHistory = appliedRows(input.history);
  const applied = appliedHistory.map((r) => r.version);
  const baselined = appliedHistory.filter((r) => r.kind === 'baseline').map((r) => r.version);
  const appliedSet = new Set(applied);
  const pending = input.stream.filter((m) => !appliedSet.has(m.version)).map((m) => m.version);
  const refusals = checkAppliedAgainstFiles(input.stream, input.history);
  const current = currentVersion(input.history);
  const common = { ...base, current, applied, pending, baselined, refusals };

  if (refusals.length) return { ...common, state: 'checksum-mismatch', problem: refusalProblem(refusals[0], input.id) };
  if (input.lastOutcome?.status === 'failed') {
    return { ...common, state: 'failed', problem: input.lastOutcome.problem ?? problem('internal', 'unknown error', { database: input.id }) };
  }
  return { ...common, state: pending.length ? 'behind' : 'up-to-date', problem: null };
}

/** For unreachable databases, why (the JSON `reason`): no such database or server, login refused, invalid tenant row. */
export function unreachableReason(d: Pick<DatabaseStatus, 'state' | 'problem'>): 'unreachable' | 'auth-failed' | 'invalid' | null {
  if (d.state !== 'unreachable') return null;
  return d.problem?.kind === 'auth-failed' || d.problem?.kind === 'invalid' ? d.problem.kind : 'unreachable';
}

/** One text for what is wrong with a database (status output, the JSON `error` field), or null. */
export function statusError(d: Pick<DatabaseStatus, 'state' | 'problem' | 'refusals'>): string | null {
  if (!d.problem) return null;
  if (d.state === 'checksum-mismatch') return d.refusals.map((r) => r.message).join('\n');
  if (d.state === 'failed') return `last run failed${d.problem.version ? ` (at version ${d.problem.version})` : ''}: ${problemText(d.problem)}`;
  return d.problem.message;
}
