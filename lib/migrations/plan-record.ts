// Pure: plans that only write history rows and never run SQL — a baseline (versions a database
// already has, recorded as applied) and a repair (an edited file's checksum accepted on purpose).
import { checkAppliedAgainstFiles, keptDownSql } from './plan';
import { appliedRows, checksumMatches, latestRowPerVersion } from './history-state';
import type { BaselineRequest, HistoryRow, Migration, PlannedStep, Refusal, RepairRequest } from './types';

type PlanBody = { target: number; steps: PlannedStep[]; refusals: Refusal[]; notes: string[] };

/**
 * Versions up to `to` (or exactly `versions`) recorded as applied. Only on a database whose history
 * has no row for any of them: a baseline states what a database has without any tool's record of it.
 */
export function planBaseline(migrations: readonly Migration[], history: readonly HistoryRow[], request: BaselineRequest, current: number): PlanBody {
  const wanted = 'to' in request ? migrations.filter((m) => m.version <= request.to) : migrations.filter((m) => request.versions.includes(m.version));
  const refusals = checkAppliedAgainstFiles(migrations, history);
  const seen = latestRowPerVersion(history);
  const recorded = wanted.filter((m) => seen.has(m.version));
  if (recorded.length) {
    const list = recorded.map((m) => `${m.version} (${seen.get(m.version)!.direction === 'up' ? 'applied' : 'rolled back'})`).join(', ');
    refusals.push({
      code: 'already-recorded',
      version: recorded[0].version,
      message: `this database's history already has rows for version${recorded.length > 1 ? 's' : ''} ${list}: a baseline records only versions a database has no history of`,
      hint: `baseline it to a version below ${recorded[0].version}, leave it out (--tenant), or migrate it instead`,
    });
  }
  if ('versions' in request) {
    const known = new Set(migrations.map((m) => m.version));
    const missing = request.versions.filter((v) => !known.has(v));
    if (missing.length) {
      refusals.push({
        code: 'missing-file',
        version: missing[0],
        message: `version${missing.length > 1 ? 's' : ''} ${missing.join(', ')} to baseline ${missing.length > 1 ? 'have' : 'has'} no migration file`,
        hint: 'import the migrations first (fastmigrate import), into the folder of this database',
      });
    }
  }
  const steps = wanted.map(recordStep);
  const target = Math.max(current, ...steps.map((s) => s.version), 0);
  const notes = steps.length ? [] : ['no migration file at or below the requested version: nothing to record'];
  return { target, steps: refusals.length ? [] : steps, refusals, notes };
}

/** A new row that accepts the file as it is now for an applied version; never an update. */
export function planRepair(migrations: readonly Migration[], history: readonly HistoryRow[], request: RepairRequest, current: number): PlanBody {
  const file = migrations.find((m) => m.version === request.version);
  const applied = appliedRows(history).find((r) => r.version === request.version);
  const refuse = (message: string, hint: string): PlanBody => ({
    target: current,
    steps: [],
    refusals: [{ code: 'not-repairable', version: request.version, message, hint }],
    notes: [],
  });
  if (!file) return refuse(`version ${request.version} has no migration file in this database's folders`, 'repair accepts the text of an existing file: restore it first');
  if (!applied) return refuse(`${file.file} (version ${request.version}) is not applied on this database: there is no checksum to accept`, 'migrate it instead');
  if (applied.checksum && checksumMatches(applied.checksum, file.up)) {
    return { target: current, steps: [], refusals: [], notes: [`${file.file} already matches what was applied: nothing to repair`] };
  }
  return { target: current, steps: [recordStep(file)], refusals: [], notes: [`${file.file}: the file as it is now is accepted as applied (${request.reason})`] };
}

function recordStep(m: Migration): PlannedStep {
  return {
    direction: 'up',
    version: m.version,
    name: m.name,
    scope: m.scope,
    file: m.file,
    startLine: null,
    sql: '',
    checksum: m.up.checksum,
    noTransaction: false,
    downSql: m.down ? keptDownSql(m.down) : null,
    downChecksum: m.down?.checksum ?? null,
  };
}
