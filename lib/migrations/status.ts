// Pure: a database's status from its history, the files, and its last recorded run outcome.
import { appliedRows } from './history-state';
import { checkAppliedAgainstFiles } from './plan';
import type { DatabaseKind, HistoryRow, Migration, Refusal } from './types';

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
  latest: number;
  state: DatabaseState;
  /** Why a database is unreachable, failed or refused; null when all is well. */
  error: string | null;
  /** For unreachable databases: what kind of problem (no such database, login refused, invalid tenant row). */
  reason: 'unreachable' | 'auth-failed' | 'invalid' | null;
  refusals: Refusal[];
  lastRun: { runId: string; status: string; finishedAt: Date | null } | null;
}

export interface StatusInput {
  id: string;
  kind: DatabaseKind;
  name: string;
  database: string;
  stream: readonly Migration[];
  history: readonly HistoryRow[] | null;
  /** Set when the database could not be read. */
  failure: { reason: 'unreachable' | 'auth-failed' | 'invalid'; message: string } | null;
  lastOutcome: { runId: string; status: string; error: string | null; errorVersion: number | null; finishedAt: Date | null } | null;
}

export function summarizeStatus(input: StatusInput): DatabaseStatus {
  const latest = input.stream.length ? input.stream[input.stream.length - 1].version : 0;
  const lastRun = input.lastOutcome ? { runId: input.lastOutcome.runId, status: input.lastOutcome.status, finishedAt: input.lastOutcome.finishedAt } : null;
  const base = { id: input.id, kind: input.kind, name: input.name, database: input.database, latest, lastRun };
  if (input.failure || !input.history) {
    return {
      ...base,
      current: null,
      applied: [],
      pending: [],
      state: 'unreachable',
      error: input.failure?.message ?? 'not read',
      reason: input.failure?.reason ?? 'unreachable',
      refusals: [],
    };
  }
  const applied = appliedRows(input.history).map((r) => r.version);
  const appliedSet = new Set(applied);
  const pending = input.stream.filter((m) => !appliedSet.has(m.version)).map((m) => m.version);
  const refusals = checkAppliedAgainstFiles(input.stream, input.history);
  const current = applied.length ? applied[applied.length - 1] : 0;
  const common = { ...base, current, applied, pending, reason: null, refusals };

  if (refusals.length) return { ...common, state: 'checksum-mismatch', error: refusals.map((r) => r.message).join('\n') };
  if (input.lastOutcome?.status === 'failed') {
    const at = input.lastOutcome.errorVersion ? ` (at version ${input.lastOutcome.errorVersion})` : '';
    return { ...common, state: 'failed', error: `last run failed${at}: ${input.lastOutcome.error ?? 'unknown error'}` };
  }
  return { ...common, state: pending.length ? 'behind' : 'up-to-date', error: null };
}
