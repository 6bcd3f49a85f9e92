import { describe, expect, it } from 'vitest';
import { cellState, parseMatrixQuery, queryTenants, versionDistribution, visibleColumns, type MatrixRow } from './matrix';

const row = (id: string, current: number | null, state: MatrixRow['state'], extra: Partial<MatrixRow> = {}): MatrixRow => ({
  id,
  kind: 'tenant',
  name: `Tenant ${id}`,
  database: `tenant_${id}`,
  current,
  latest: 3,
  state,
  error: null,
  applied: current === null ? [] : [1, 2, 3].filter((v) => v <= current),
  pending: current === null ? [] : [1, 2, 3].filter((v) => v > current),
  failedVersion: null,
  mismatched: [],
  lastRunId: null,
  ...extra,
});

const rows = [row('a', 3, 'up-to-date'), row('b', 1, 'behind'), row('c', null, 'unreachable'), row('d', 2, 'failed', { failedVersion: 3 }), row('e', 0, 'behind')];

describe('matrix', () => {
  it('gives each cell its state', () => {
    expect([1, 2, 3].map((v) => cellState(rows[3], v))).toEqual(['applied', 'applied', 'failed']);
    expect(cellState(rows[2], 1)).toBe('unknown');
    expect(cellState(row('x', 3, 'checksum-mismatch', { mismatched: [2] }), 2)).toBe('mismatch');
  });

  it('filters by state and search, sorts by version, and pages', () => {
    const q = parseMatrixQuery({ state: 'behind', sort: 'version-asc', size: '25' });
    expect(queryTenants(rows, q).matchingIds).toEqual(['e', 'b']);
    expect(queryTenants(rows, parseMatrixQuery({ q: 'TENANT_D' })).matchingIds).toEqual(['d']);
    const many = Array.from({ length: 60 }, (_, i) => row(`t${i}`, 3, 'up-to-date'));
    const page3 = queryTenants(many, parseMatrixQuery({ page: '9', size: '25' }));
    expect([page3.page, page3.pages, page3.rows.length, page3.matchingIds.length]).toEqual([3, 3, 10, 60]);
  });

  it('ignores bad query parameters', () => {
    expect(parseMatrixQuery({ state: 'nope', sort: 'x', page: '-1', size: '7' })).toEqual({ state: 'all', q: '', sort: 'default', page: 1, size: 50 });
  });

  it('counts databases per current version', () => {
    const d = versionDistribution(rows);
    expect([...d.byVersion]).toEqual([[3, 1], [1, 1], [2, 1]]);
    expect([d.none, d.unknown]).toEqual([1, 1]);
  });

  it('folds old columns when there are many', () => {
    const cols = Array.from({ length: 40 }, (_, i) => ({ version: i + 1, name: `m${i + 1}`, noTransaction: false }));
    const { folded, shown } = visibleColumns(cols, 30);
    expect([folded.length, shown.length, shown[0].version]).toEqual([11, 29, 12]);
  });
});
