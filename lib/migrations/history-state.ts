// Pure: what a database's append-only history says about its current state (DESIGN §3).
import { createHash } from 'node:crypto';
import type { HistoryKind, HistoryRow, PlannedStep, Section } from './types';

/**
 * The reference tool (fastmigrate_multi.py) recorded the first 16 hex digits of SHA-256 of the
 * section's text with surrounding whitespace stripped; we record SHA-256 of the text as written.
 * A recorded checksum is compared with the formula it was made with.
 */
export function checksumMatches(recorded: string, section: Pick<Section, 'sql' | 'checksum'>): boolean {
  if (REFERENCE_CHECKSUM.test(recorded)) return recorded === referenceChecksum(section.sql);
  return recorded === section.checksum;
}

const REFERENCE_CHECKSUM = /^[0-9a-f]{16}$/;

export function referenceChecksum(sql: string): string {
  return createHash('sha256').update(sql.trim(), 'utf8').digest('hex').slice(0, 16);
}

/** The latest row of every version; a version is applied when that row says `up`. */
export function latestRowPerVersion(history: readonly HistoryRow[]): Map<number, HistoryRow> {
  const latest = new Map<number, HistoryRow>();
  for (const row of history) {
    const seen = latest.get(row.version);
    if (!seen || row.id > seen.id) latest.set(row.version, row);
  }
  return latest;
}

/** Applied versions (ascending) with the row that applied each. */
export function appliedRows(history: readonly HistoryRow[]): HistoryRow[] {
  return [...latestRowPerVersion(history).values()]
    .filter((row) => row.direction === 'up')
    .sort((a, b) => a.version - b.version);
}

/** The current version: the highest applied one, 0 when none is. The only place it is derived. */
export function currentVersion(history: readonly HistoryRow[]): number {
  const applied = appliedRows(history);
  return applied.length ? applied[applied.length - 1].version : 0;
}

/** The history after `steps` ran: their rows appended as the runner writes them. */
export function withSteps(history: readonly HistoryRow[], steps: readonly PlannedStep[], kind: HistoryKind | null = null): HistoryRow[] {
  let id = history.reduce((max, r) => Math.max(max, r.id), 0);
  return [
    ...history,
    ...steps.map((step) => ({
      id: ++id,
      version: step.version,
      name: step.name,
      scope: String(step.scope),
      direction: step.direction,
      appliedAt: new Date(),
      appliedBy: null,
      executionTimeMs: null,
      checksum: step.checksum,
      runId: null,
      downSql: step.downSql,
      downChecksum: step.downChecksum,
      kind,
    })),
  ];
}
