// The matrix's data. Page views read the engine's database-state snapshot (one query on the host,
// no tenant connections); "Refresh" reads every database now, bounded per server, and refreshes
// the snapshot. A snapshot older than FASTMIGRATE_STATUS_REFRESH_S is refreshed in the background.
import type { MigrationSet } from '@/lib/engine';
import { redact } from '@/lib/engine';
import { DASHBOARD_CONCURRENCY, getEngine } from './engine';
import type { MatrixRow, VersionColumn } from '@/lib/views/matrix';
import { toMatrixRow } from '@/lib/views/matrix-row';

export interface MatrixSnapshot {
  host: MatrixRow[];
  tenants: MatrixRow[];
  columns: { host: VersionColumn[]; tenant: VersionColumn[] };
  latest: { host: number; tenant: number };
  /** When the oldest database's state was read (null: never). */
  refreshedAt: number | null;
  /** A full read of every database is going on in this server right now. */
  refreshing: boolean;
  /** How long this page's read of the snapshot took. */
  readMs: number;
}

const STALE_AFTER_MS = (Number(process.env.FASTMIGRATE_STATUS_REFRESH_S) || 600) * 1000;

interface RefreshState {
  inflight: Promise<void> | null;
  last: { at: number; ms: number; databases: number } | null;
}
const KEY = Symbol.for('fastmigrate.dashboard.refresh');
const g = globalThis as typeof globalThis & { [KEY]?: RefreshState };
const refreshState: RefreshState = (g[KEY] ??= { inflight: null, last: null });

export async function getMatrixSnapshot(): Promise<MatrixSnapshot> {
  const engine = getEngine();
  const started = Date.now();
  const set = await engine.migrations();
  const report = await engine.lastKnownStatus({ host: true, tenants: 'all' }, DASHBOARD_CONCURRENCY);
  const rows = report.databases.map(toMatrixRow);
  const refreshedAt = report.refreshedAt ? report.refreshedAt.getTime() : null;
  if (refreshedAt !== null && Date.now() - refreshedAt > STALE_AFTER_MS) void refreshMatrix().catch(() => {});
  return {
    host: rows.filter((r) => r.kind === 'host'),
    tenants: rows.filter((r) => r.kind === 'tenant'),
    columns: { host: columnsOf(set.host), tenant: columnsOf(set.tenant) },
    latest: report.latest,
    refreshedAt,
    refreshing: refreshState.inflight !== null,
    readMs: Date.now() - started,
  };
}

/** Reads every database now (the engine's bounded concurrency) and refreshes the snapshot. One at a time. */
export function refreshMatrix(): Promise<void> {
  refreshState.inflight ??= (async () => {
    const started = Date.now();
    try {
      const report = await getEngine().status({ host: true, tenants: 'all' }, DASHBOARD_CONCURRENCY);
      refreshState.last = { at: started, ms: Date.now() - started, databases: report.databases.length };
    } catch (error) {
      console.error(`fastmigrate dashboard: status refresh failed: ${redact(error instanceof Error ? error.message : String(error))}`);
      throw error;
    } finally {
      refreshState.inflight = null;
    }
  })();
  return refreshState.inflight;
}

/** The last full read this server did: when, how long it took, how many databases. */
export function lastRefresh() {
  return refreshState.last;
}

function columnsOf(stream: MigrationSet['host']): VersionColumn[] {
  return stream.map((m) => ({ version: m.version, name: m.name, noTransaction: m.up.noTransaction }));
}
