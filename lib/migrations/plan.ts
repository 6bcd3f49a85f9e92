// Pure: (migrations of a stream, history of a database, request) → what would run there.
import { appliedRows, checksumMatches, currentVersion } from './history-state';
import { planBaseline, planRepair } from './plan-record';
import type { HistoryRow, Migration, Plan, PlannedStep, PlanOptions, PlanRequest, Refusal, Section } from './types';

/**
 * Refusals that hold whatever is asked: an applied migration whose file changed or disappeared.
 * Rows written before checksums were recorded (the reference tool's table) carry no checksum and
 * cannot be checked.
 */
export function checkAppliedAgainstFiles(migrations: readonly Migration[], history: readonly HistoryRow[]): Refusal[] {
  const byVersion = new Map(migrations.map((m) => [m.version, m]));
  const refusals: Refusal[] = [];
  for (const row of appliedRows(history)) {
    const file = byVersion.get(row.version);
    if (!file) {
      refusals.push({
        code: 'missing-file',
        version: row.version,
        message: `applied migration ${row.name} (version ${row.version}) has no file any more`,
        hint: `restore the file from version control, or roll this database back past version ${row.version} first (the DOWN kept at apply time is used)`,
      });
    } else if (row.checksum && !checksumMatches(row.checksum, file.up)) {
      refusals.push({
        code: 'checksum-mismatch',
        version: row.version,
        message: `${file.file} was edited after it was applied (checksum ${short(row.checksum)} applied, ${short(file.up.checksum)} on disk)`,
        hint: `restore the applied text of ${file.file} (git checkout it) and put the change in a new migration (fastmigrate new ${file.scope} "…")`,
      });
    }
  }
  return refusals;
}

export function planDatabase(
  migrations: readonly Migration[],
  history: readonly HistoryRow[],
  request: PlanRequest,
  options: PlanOptions = {},
): Plan {
  const applied = appliedRows(history);
  const current = currentVersion(history);
  const base = { request, applied: applied.map((r) => r.version), current };
  switch (request.action) {
    case 'migrate':
      return { ...base, ...planMigrate(migrations, applied, current, request.to, options) };
    case 'rollback':
      return { ...base, ...planRollback(migrations, applied, current, request, options) };
    case 'baseline':
      return { ...base, ...planBaseline(migrations, history, request, current) };
    case 'repair':
      return { ...base, ...planRepair(migrations, history, request, current) };
  }
}

type PlanBody = Pick<Plan, 'target' | 'steps' | 'refusals' | 'notes'>;

function planMigrate(
  migrations: readonly Migration[],
  applied: readonly HistoryRow[],
  current: number,
  to: number | undefined,
  options: PlanOptions,
): PlanBody {
  const refusals = checkAppliedAgainstFiles(migrations, applied);
  const notes: string[] = [];
  const appliedVersions = new Set(applied.map((r) => r.version));
  const limit = to ?? Number.POSITIVE_INFINITY;
  const pending = migrations.filter((m) => !appliedVersions.has(m.version) && m.version <= limit);

  const newest = applied[applied.length - 1];
  const newestFile = newest ? (migrations.find((m) => m.version === newest.version)?.file ?? newest.name) : '';
  for (const m of pending) {
    if (m.version < current && !options.allowOutOfOrder) {
      refusals.push({
        code: 'out-of-order',
        version: m.version,
        message: `${m.file} (version ${m.version}) is pending but version ${current} is already applied (${newestFile}): out of order`,
        hint: `give the new migration a version above ${current} (rename the file), or rerun with --allow-out-of-order if applying it late is intended`,
      });
    }
  }
  if (to !== undefined && current > to) notes.push(`already at version ${current}, beyond ${to}: use rollback --to ${to} to go back`);

  const steps = pending.map(upStep);
  const target = steps.length ? Math.max(current, ...steps.map((s) => s.version)) : current;
  return { target, steps: refusals.length ? [] : steps, refusals, notes };
}

function planRollback(
  migrations: readonly Migration[],
  applied: readonly HistoryRow[],
  current: number,
  request: { steps?: number; to?: number },
  options: PlanOptions,
): PlanBody {
  const byVersion = new Map(migrations.map((m) => [m.version, m]));
  const newestFirst = [...applied].reverse();
  const toUndo =
    request.to !== undefined ? newestFirst.filter((r) => r.version > request.to!) : newestFirst.slice(0, request.steps ?? 1);

  const refusals: Refusal[] = [];
  const notes: string[] = [];
  const steps: PlannedStep[] = [];
  for (const row of toUndo) {
    const file = byVersion.get(row.version);
    const result = file ? downFromFile(file, row, options) : downFromHistory(row);
    if ('refusal' in result) refusals.push(result.refusal);
    else {
      steps.push(result.step);
      if (result.note) notes.push(result.note);
    }
  }
  if (request.to !== undefined && current <= request.to) notes.push(`already at version ${current}, not above ${request.to}: nothing to roll back`);

  const remaining = applied.filter((r) => !toUndo.includes(r));
  const target = remaining.length ? remaining[remaining.length - 1].version : 0;
  return { target, steps: refusals.length ? [] : steps, refusals, notes };
}

type DownResult = { step: PlannedStep; note?: string } | { refusal: Refusal };

function downFromFile(file: Migration, row: HistoryRow, options: PlanOptions): DownResult {
  if (file.irreversible || !file.down) {
    return {
      refusal: {
        code: 'irreversible',
        version: file.version,
        message: `${file.file} is marked irreversible and cannot be rolled back`,
        hint: `roll back to version ${file.version} or later, or write a new forward migration that undoes it`,
      },
    };
  }
  const edited = row.downChecksum !== null && row.downChecksum !== file.down.checksum;
  if (edited && !options.allowEditedDown) {
    return {
      refusal: {
        code: 'edited-down',
        version: file.version,
        message: `the DOWN section of ${file.file} changed since it was applied (checksum ${short(row.downChecksum!)} applied, ${short(file.down.checksum)} on disk)`,
        hint: `restore the DOWN as applied, or rerun with --force-edited-down to run the DOWN now on disk`,
      },
    };
  }
  return {
    step: {
      direction: 'down',
      version: file.version,
      name: file.name,
      scope: file.scope,
      file: file.file,
      startLine: file.down.startLine,
      sql: file.down.sql,
      checksum: file.down.checksum,
      noTransaction: file.down.noTransaction,
      downSql: null,
      downChecksum: null,
    },
    note: edited ? `${file.file}: running the edited DOWN on disk, not the one kept at apply time` : undefined,
  };
}

function downFromHistory(row: HistoryRow): DownResult {
  if (row.downSql === null || row.downChecksum === null) {
    return {
      refusal: {
        code: 'no-down',
        version: row.version,
        message: `applied migration ${row.name} (version ${row.version}) has no file and no DOWN was kept when it was applied`,
        hint: `restore its file from version control so its DOWN section can run`,
      },
    };
  }
  return {
    step: {
      direction: 'down',
      version: row.version,
      name: row.name,
      scope: row.scope,
      file: null,
      startLine: null,
      sql: row.downSql,
      checksum: row.downChecksum,
      noTransaction: NO_TRANSACTION_DIRECTIVE.test(row.downSql),
      downSql: null,
      downChecksum: null,
    },
    note: `${row.name}: its file is gone; using the DOWN kept when it was applied`,
  };
}

function upStep(m: Migration): PlannedStep {
  return {
    direction: 'up',
    version: m.version,
    name: m.name,
    scope: m.scope,
    file: m.file,
    startLine: m.up.startLine,
    sql: m.up.sql,
    checksum: m.up.checksum,
    noTransaction: m.up.noTransaction,
    downSql: m.down ? keptDownSql(m.down) : null,
    downChecksum: m.down?.checksum ?? null,
  };
}

const NO_TRANSACTION_DIRECTIVE = /^\s*--\s*fastmigrate\s*:\s*no-transaction\s*$/im;

/**
 * The DOWN kept with the history row, for rolling back after the file is gone. A no-transaction
 * directive written in the file's header applies to the DOWN too but is not part of its text: keep
 * it with the SQL, or the kept DOWN (e.g. DROP INDEX CONCURRENTLY) would run inside a transaction
 * and fail. The checksum stays that of the section as written.
 */
export function keptDownSql(down: Section): string {
  if (!down.noTransaction || NO_TRANSACTION_DIRECTIVE.test(down.sql)) return down.sql;
  return `-- fastmigrate:no-transaction\n${down.sql}`;
}

function short(checksum: string): string {
  return checksum.slice(0, 12);
}
