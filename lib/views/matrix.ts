// Pure: the tenant-by-version matrix from a status report — cells, filters, sorting, pages, counts.
import type { DatabaseState } from '../engine';

export type CellState = 'applied' | 'baselined' | 'pending' | 'failed' | 'mismatch' | 'unknown';

export interface VersionColumn {
  version: number;
  name: string;
  noTransaction: boolean;
}

export interface MatrixRow {
  id: string;
  kind: 'host' | 'tenant';
  name: string;
  database: string;
  current: number | null;
  latest: number;
  state: DatabaseState;
  /** What is wrong, as one text (statusError); null when all is well. */
  error: string | null;
  applied: number[];
  pending: number[];
  /** The version at which the last run failed on this database (failed state only). */
  failedVersion: number | null;
  /** Applied versions recorded by a baseline, never run by FastMigrate. */
  baselined?: number[];
  /** Applied versions whose file was edited or deleted. */
  mismatched: number[];
  lastRunId: string | null;
}

export function cellState(row: MatrixRow, version: number): CellState {
  if (row.state === 'unreachable') return 'unknown';
  if (row.mismatched.includes(version)) return 'mismatch';
  if (row.failedVersion === version) return 'failed';
  if (row.baselined?.includes(version)) return 'baselined';
  if (row.applied.includes(version)) return 'applied';
  return 'pending';
}

export const STATE_ORDER: DatabaseState[] = ['behind', 'failed', 'checksum-mismatch', 'unreachable', 'up-to-date'];

export const STATE_LABEL: Record<DatabaseState, string> = {
  behind: 'behind',
  failed: 'failed',
  'checksum-mismatch': 'checksum mismatch',
  unreachable: 'unreachable',
  'up-to-date': 'up to date',
};

export type SortKey = 'default' | 'version-asc' | 'version-desc' | 'name' | 'state';
export const SORT_KEYS: SortKey[] = ['default', 'version-asc', 'version-desc', 'name', 'state'];
export const PAGE_SIZES = [25, 50, 100, 250] as const;

export interface MatrixQuery {
  state: DatabaseState | 'all';
  q: string;
  sort: SortKey;
  page: number;
  size: number;
}

export const DEFAULT_QUERY: MatrixQuery = { state: 'all', q: '', sort: 'default', page: 1, size: 50 };

type Params = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export function parseMatrixQuery(params: Params): MatrixQuery {
  const state = first(params.state);
  const sort = first(params.sort);
  const page = Number(first(params.page));
  const size = Number(first(params.size));
  return {
    state: state && (STATE_ORDER as string[]).includes(state) ? (state as DatabaseState) : 'all',
    q: (first(params.q) ?? '').trim().slice(0, 200),
    sort: sort && (SORT_KEYS as string[]).includes(sort) ? (sort as SortKey) : 'default',
    page: Number.isInteger(page) && page > 0 ? page : 1,
    size: (PAGE_SIZES as readonly number[]).includes(size) ? size : DEFAULT_QUERY.size,
  };
}

/** The query as URL search parameters, leaving out defaults. */
export function matrixQueryString(q: MatrixQuery, change: Partial<MatrixQuery> = {}): string {
  const merged = { ...q, ...change };
  const params = new URLSearchParams();
  if (merged.state !== 'all') params.set('state', merged.state);
  if (merged.q) params.set('q', merged.q);
  if (merged.sort !== 'default') params.set('sort', merged.sort);
  if (merged.page !== 1) params.set('page', String(merged.page));
  if (merged.size !== DEFAULT_QUERY.size) params.set('size', String(merged.size));
  const s = params.toString();
  return s ? `?${s}` : '';
}

export function matchesSearch(row: Pick<MatrixRow, 'id' | 'name' | 'database'>, q: string): boolean {
  if (!q) return true;
  const needle = q.toLowerCase();
  return row.id.toLowerCase().includes(needle) || row.name.toLowerCase().includes(needle) || row.database.toLowerCase().includes(needle);
}

export interface TenantPage {
  rows: MatrixRow[];
  /** Ids of every tenant matching the filter (all pages): what "select all matching" selects. */
  matchingIds: string[];
  total: number;
  page: number;
  pages: number;
}

export function queryTenants(tenants: readonly MatrixRow[], q: MatrixQuery): TenantPage {
  const matching = tenants.filter((r) => (q.state === 'all' || r.state === q.state) && matchesSearch(r, q.q));
  const sorted = sortRows(matching, q.sort);
  const pages = Math.max(1, Math.ceil(sorted.length / q.size));
  const page = Math.min(q.page, pages);
  return {
    rows: sorted.slice((page - 1) * q.size, page * q.size),
    matchingIds: sorted.map((r) => r.id),
    total: sorted.length,
    page,
    pages,
  };
}

function sortRows(rows: MatrixRow[], sort: SortKey): MatrixRow[] {
  const byVersion = (a: MatrixRow, b: MatrixRow) => (a.current ?? -1) - (b.current ?? -1);
  const copy = [...rows];
  switch (sort) {
    case 'default':
      return copy;
    case 'version-asc':
      return copy.sort((a, b) => byVersion(a, b) || a.id.localeCompare(b.id));
    case 'version-desc':
      return copy.sort((a, b) => byVersion(b, a) || a.id.localeCompare(b.id));
    case 'name':
      return copy.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
    case 'state':
      return copy.sort((a, b) => STATE_ORDER.indexOf(a.state) - STATE_ORDER.indexOf(b.state) || byVersion(a, b) || a.id.localeCompare(b.id));
  }
}

export function stateCounts(rows: readonly MatrixRow[]): Record<DatabaseState, number> {
  const counts = { behind: 0, failed: 0, 'checksum-mismatch': 0, unreachable: 0, 'up-to-date': 0 } satisfies Record<DatabaseState, number>;
  for (const r of rows) counts[r.state]++;
  return counts;
}

/** How many databases sit at each version (their current version); `none` = nothing applied, `unknown` = unreachable. */
export function versionDistribution(rows: readonly MatrixRow[]): { byVersion: Map<number, number>; none: number; unknown: number } {
  const byVersion = new Map<number, number>();
  let none = 0;
  let unknown = 0;
  for (const r of rows) {
    if (r.current === null) unknown++;
    else if (r.current === 0) none++;
    else byVersion.set(r.current, (byVersion.get(r.current) ?? 0) + 1);
  }
  return { byVersion, none, unknown };
}

/**
 * The version columns to draw: all of them when there are few; otherwise the newest `max`, with the
 * older ones folded into one summary column.
 */
export function visibleColumns(columns: readonly VersionColumn[], max = 30): { folded: VersionColumn[]; shown: VersionColumn[] } {
  if (columns.length <= max) return { folded: [], shown: [...columns] };
  return { folded: columns.slice(0, columns.length - max + 1), shown: columns.slice(columns.length - max + 1) };
}
