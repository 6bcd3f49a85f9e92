// I/O: the database-state snapshot in the host database (see schema.ts `database_state`).
import { inArray, sql } from 'drizzle-orm';
import type { HostDb } from '../db/host';
import { databaseState, type DatabaseStateRow } from './schema';
import { appliedRows } from '../migrations/history-state';
import type { HistoryRow } from '../migrations/types';

export interface StateUpdate {
  databaseId: string;
  history: readonly HistoryRow[] | null;
  failure: { reason: string; message: string } | null;
}

/** One statement for any number of databases. */
export async function saveStates(db: HostDb, updates: readonly StateUpdate[]): Promise<void> {
  if (!updates.length) return;
  const values = updates.map((u) => ({
    databaseId: u.databaseId,
    applied: u.history
      ? appliedRows(u.history).map((r): [number, string | null, string] | [number, string | null, string, string] =>
          r.kind ? [r.version, r.checksum, r.name, r.kind] : [r.version, r.checksum, r.name],
        )
      : null,
    failureReason: u.failure?.reason ?? null,
    failure: u.failure?.message ?? null,
    refreshedAt: sql`now()`,
  }));
  for (let i = 0; i < values.length; i += 1_000) {
    await db
      .insert(databaseState)
      .values(values.slice(i, i + 1_000))
      .onConflictDoUpdate({
        target: databaseState.databaseId,
        set: {
          applied: sql`excluded.applied`,
          failureReason: sql`excluded.failure_reason`,
          failure: sql`excluded.failure`,
          refreshedAt: sql`excluded.refreshed_at`,
        },
      });
  }
}

export async function loadStates(db: HostDb, databaseIds: readonly string[]): Promise<Map<string, DatabaseStateRow>> {
  if (!databaseIds.length) return new Map();
  const rows = await db.select().from(databaseState).where(inArray(databaseState.databaseId, [...databaseIds]));
  return new Map(rows.map((r) => [r.databaseId, r]));
}

/** Enough of a history for status: one `up` row per applied version, with its checksum. */
export function historyFromState(row: DatabaseStateRow): HistoryRow[] | null {
  if (!row.applied) return null;
  return row.applied.map(([version, checksum, name, kind], i) => ({
    id: i + 1,
    version,
    name,
    scope: '',
    direction: 'up',
    appliedAt: row.refreshedAt,
    appliedBy: null,
    executionTimeMs: null,
    checksum,
    runId: null,
    downSql: null,
    downChecksum: null,
    kind: kind === 'baseline' || kind === 'repair' ? kind : null,
  }));
}
