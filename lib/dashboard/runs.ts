// Read-only views of the run log for the dashboard: per-run counts, a database's last failure.
// (Queries the engine's run log tables; the engine's own API gives whole runs only.)
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { HostDb } from '../db/host';
import { runDatabases, runs } from '../db/schema';
import { lastOutcomes } from '../runs/run-log';

export type RunCounts = Record<'queued' | 'running' | 'applied' | 'skipped' | 'failed', number>;

export const emptyCounts = (): RunCounts => ({ queued: 0, running: 0, applied: 0, skipped: 0, failed: 0 });

export async function runCounts(db: HostDb, runIds: readonly string[]): Promise<Map<string, RunCounts>> {
  const out = new Map<string, RunCounts>(runIds.map((id) => [id, emptyCounts()]));
  if (!runIds.length) return out;
  const rows = await db
    .select({ runId: runDatabases.runId, status: runDatabases.status, n: sql<number>`count(*)::int` })
    .from(runDatabases)
    .where(inArray(runDatabases.runId, [...runIds]))
    .groupBy(runDatabases.runId, runDatabases.status);
  for (const r of rows) {
    const counts = out.get(r.runId);
    if (counts && r.status in counts) counts[r.status as keyof RunCounts] = r.n;
  }
  return out;
}

export interface LastFailure {
  runId: string;
  action: string;
  requestedBy: string;
  finishedAt: Date | null;
  error: string | null;
  errorKind: string | null;
  sqlstate: string | null;
  errorVersion: number | null;
}

/** The most recent failed attempt on a database, whether or not a later run fixed it. */
export async function lastFailure(db: HostDb, databaseId: string): Promise<LastFailure | null> {
  const [row] = await db
    .select({
      runId: runDatabases.runId,
      action: runs.action,
      requestedBy: runs.requestedBy,
      finishedAt: runDatabases.finishedAt,
      error: runDatabases.error,
      errorKind: runDatabases.errorKind,
      sqlstate: runDatabases.sqlstate,
      errorVersion: runDatabases.errorVersion,
    })
    .from(runDatabases)
    .innerJoin(runs, eq(runs.id, runDatabases.runId))
    .where(and(eq(runDatabases.databaseId, databaseId), eq(runDatabases.status, 'failed')))
    .orderBy(desc(runDatabases.id))
    .limit(1);
  return row ?? null;
}

/** The version at which each database's last run failed. */
export async function failedVersions(db: HostDb, databaseIds: readonly string[]): Promise<Map<string, number | null>> {
  const outcomes = await lastOutcomes(db, databaseIds);
  return new Map([...outcomes].map(([id, o]) => [id, o.status === 'failed' ? o.errorVersion : null]));
}

/** Runs that have not finished, newest first. */
export async function openRuns(db: HostDb, limit = 20) {
  return db.select().from(runs).where(sql`${runs.finishedAt} IS NULL`).orderBy(desc(runs.createdAt)).limit(limit);
}
