// Pure: the status of every selected database, from what was read of each and the run log.
import type { DatabaseTarget } from '../db/connection';
import { summarizeStatus, type DatabaseStatus, type StatusInput } from '../migrations/database-status';
import type { HistoryRow, Migration, MigrationSet } from '../migrations/types';
import type { LastOutcome } from '../runs/run-log';
import type { InvalidTenant } from '../tenants/rows';

export interface StatusReport {
  databases: DatabaseStatus[];
  latest: { host: number; tenant: number };
}

/** What reading one database gave: its history, or why it could not be read. */
export interface DatabaseRead {
  history: HistoryRow[] | null;
  failure: StatusInput['failure'];
}

export function buildStatusReport(
  set: MigrationSet,
  targets: readonly DatabaseTarget[],
  invalid: readonly InvalidTenant[],
  reads: readonly DatabaseRead[],
  outcomes: ReadonlyMap<string, LastOutcome>,
): StatusReport {
  const inputs: StatusInput[] = targets.map((t, i) => ({
    id: t.id,
    kind: t.kind,
    name: t.name,
    database: t.database,
    labels: t.labels,
    stream: t.kind === 'host' ? set.host : set.tenant,
    ...reads[i],
    lastOutcome: outcomes.get(t.id) ?? null,
  }));
  for (const bad of invalid) {
    inputs.push({
      id: bad.id,
      kind: 'tenant',
      name: bad.name,
      database: '',
      stream: set.tenant,
      history: null,
      failure: { reason: 'invalid', message: bad.problem },
      lastOutcome: null,
    });
  }
  return { databases: inputs.map(summarizeStatus), latest: latestVersions(set) };
}

export function latestVersions(set: MigrationSet) {
  const last = (s: Migration[]) => (s.length ? s[s.length - 1].version : 0);
  return { host: last(set.host), tenant: last(set.tenant) };
}
