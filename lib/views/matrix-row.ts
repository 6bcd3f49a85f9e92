// Pure: a database's status as a row of the matrix. Server-side (it renders the status text);
// the browser gets the rows, and lib/views/matrix.ts for everything it does with them.
import { statusError, type DatabaseStatus } from '../engine';
import type { MatrixRow } from './matrix';

export function toMatrixRow(d: DatabaseStatus): MatrixRow {
  return {
    id: d.id,
    kind: d.kind,
    name: d.name,
    database: d.database,
    current: d.current,
    latest: d.latest,
    state: d.state,
    error: statusError(d),
    applied: d.applied,
    pending: d.pending,
    baselined: d.baselined,
    failedVersion: d.state === 'failed' ? (d.problem?.version ?? d.pending[0] ?? null) : null,
    mismatched: d.refusals.filter((r) => r.code === 'checksum-mismatch' || r.code === 'missing-file').map((r) => r.version),
    lastRunId: d.lastRun?.runId ?? null,
  };
}
