import { describe, expect, it } from 'vitest';
import { parseMigrationFile } from './parse';
import { checkAppliedAgainstFiles, planDatabase } from './plan';
import type { HistoryRow, Migration } from './types';

function file(version: number, up = `CREATE TABLE t${version} (id int);`, down: string | null = `DROP TABLE t${version};`, extra = ''): Migration {
  const name = `${String(version).padStart(3, '0')}_step_${version}`;
  const text = `${extra}\n-- ==================== UP ====================\n${up}\n-- ==================== DOWN ====================\n${down ?? ''}\n`;
  const result = parseMigrationFile({ file: `tenant/${name}.sql`, folder: 'tenant', fileName: `${name}.sql`, content: text });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.migration;
}

let nextId = 1;
function applied(m: Migration, overrides: Partial<HistoryRow> = {}): HistoryRow {
  return {
    id: nextId++,
    version: m.version,
    name: m.name,
    scope: m.scope,
    direction: 'up',
    appliedAt: new Date(0),
    appliedBy: 'test',
    executionTimeMs: 1,
    checksum: m.up.checksum,
    runId: null,
    downSql: m.down?.sql ?? null,
    downChecksum: m.down?.checksum ?? null,
    ...overrides,
  };
}
function rolledBack(m: Migration): HistoryRow {
  return { ...applied(m), direction: 'down', checksum: m.down!.checksum, downSql: null, downChecksum: null };
}

const stream = [file(1), file(2), file(3), file(4)];

describe('planDatabase: migrate', () => {
  it('plans every migration in version order on a fresh database', () => {
    const plan = planDatabase(stream, [], { action: 'migrate' });
    expect(plan.steps.map((s) => [s.direction, s.version])).toEqual([['up', 1], ['up', 2], ['up', 3], ['up', 4]]);
    expect(plan.current).toBe(0);
    expect(plan.target).toBe(4);
    expect(plan.refusals).toEqual([]);
    expect(plan.steps[0].downSql).toContain('DROP TABLE t1');
  });

  it('plans nothing when the database is up to date', () => {
    const plan = planDatabase(stream, stream.map((m) => applied(m)), { action: 'migrate' });
    expect(plan.steps).toEqual([]);
    expect(plan.current).toBe(4);
    expect(plan.target).toBe(4);
  });

  it('plans only what is pending on a partially migrated database', () => {
    const plan = planDatabase(stream, [applied(stream[0]), applied(stream[1])], { action: 'migrate' });
    expect(plan.steps.map((s) => s.version)).toEqual([3, 4]);
    expect(plan.current).toBe(2);
  });

  it('stops at --to', () => {
    const plan = planDatabase(stream, [applied(stream[0])], { action: 'migrate', to: 3 });
    expect(plan.steps.map((s) => s.version)).toEqual([2, 3]);
    expect(plan.target).toBe(3);
  });

  it('treats a version rolled back later as pending again (latest row wins)', () => {
    const history = [applied(stream[0]), applied(stream[1]), rolledBack(stream[1])];
    const plan = planDatabase(stream, history, { action: 'migrate' });
    expect(plan.current).toBe(1);
    expect(plan.steps.map((s) => s.version)).toEqual([2, 3, 4]);
  });

  it('notes, without refusing, a --to below the current version', () => {
    const plan = planDatabase(stream, stream.map((m) => applied(m)), { action: 'migrate', to: 2 });
    expect(plan.steps).toEqual([]);
    expect(plan.notes.join()).toMatch(/already at version 4, beyond 2/);
  });

  it('refuses an edited applied migration, naming the file and the fix', () => {
    const edited = file(2, 'CREATE TABLE t2 (id bigint);');
    const plan = planDatabase([stream[0], edited, stream[2]], [applied(stream[0]), applied(stream[1])], { action: 'migrate' });
    expect(plan.steps).toEqual([]);
    expect(plan.refusals).toHaveLength(1);
    expect(plan.refusals[0]).toMatchObject({ code: 'checksum-mismatch', version: 2 });
    expect(plan.refusals[0].message).toContain('tenant/002_step_2.sql');
    expect(plan.refusals[0].hint).toMatch(/new migration/);
  });

  it('does not count a CRLF-only change as an edit', () => {
    const crlf = parseMigrationFile({
      file: 'tenant/002_step_2.sql',
      folder: 'tenant',
      fileName: '002_step_2.sql',
      content: '\n-- ==================== UP ====================\nCREATE TABLE t2 (id int);\n-- ==================== DOWN ====================\nDROP TABLE t2;\n'.replace(/\n/g, '\r\n'),
    });
    if (!crlf.ok) throw new Error('parse');
    expect(checkAppliedAgainstFiles([stream[0], crlf.migration], [applied(stream[0]), applied(stream[1])])).toEqual([]);
  });

  it('refuses when an applied migration has no file', () => {
    const plan = planDatabase([stream[0], stream[2]], [applied(stream[0]), applied(stream[1])], { action: 'migrate' });
    expect(plan.refusals.map((r) => [r.code, r.version])).toEqual([['missing-file', 2]]);
    expect(plan.steps).toEqual([]);
  });

  it('refuses a pending version below an applied one, naming both, unless allowed', () => {
    const history = [applied(stream[0]), applied(stream[2])];
    const plan = planDatabase(stream, history, { action: 'migrate' });
    expect(plan.refusals.map((r) => [r.code, r.version])).toEqual([['out-of-order', 2]]);
    expect(plan.refusals[0].message).toMatch(/002_step_2\.sql.*version 3 is already applied/);
    const allowed = planDatabase(stream, history, { action: 'migrate' }, { allowOutOfOrder: true });
    expect(allowed.refusals).toEqual([]);
    expect(allowed.steps.map((s) => s.version)).toEqual([2, 4]);
  });

  it('does not check rows from the reference tool that carry no checksum', () => {
    const plan = planDatabase(stream, [applied(stream[0], { checksum: null })], { action: 'migrate' });
    expect(plan.refusals).toEqual([]);
    expect(plan.steps.map((s) => s.version)).toEqual([2, 3, 4]);
  });
});

describe('planDatabase: rollback', () => {
  const all = stream.map((m) => applied(m));

  it('undoes the last applied migration by default', () => {
    const plan = planDatabase(stream, all, { action: 'rollback' });
    expect(plan.steps.map((s) => [s.direction, s.version])).toEqual([['down', 4]]);
    expect(plan.steps[0].sql).toContain('DROP TABLE t4');
    expect(plan.target).toBe(3);
  });

  it('undoes --steps migrations, newest first', () => {
    const plan = planDatabase(stream, all, { action: 'rollback', steps: 3 });
    expect(plan.steps.map((s) => s.version)).toEqual([4, 3, 2]);
    expect(plan.target).toBe(1);
  });

  it('undoes everything above --to', () => {
    const plan = planDatabase(stream, all, { action: 'rollback', to: 1 });
    expect(plan.steps.map((s) => s.version)).toEqual([4, 3, 2]);
    expect(planDatabase(stream, all, { action: 'rollback', to: 0 }).target).toBe(0);
  });

  it('does nothing and says so when --to is not below the current version', () => {
    const plan = planDatabase(stream, all, { action: 'rollback', to: 4 });
    expect(plan.steps).toEqual([]);
    expect(plan.notes.join()).toMatch(/nothing to roll back/);
  });

  it('refuses to roll back past an irreversible migration', () => {
    const irreversible = file(3, 'DROP TABLE t1;', null, '-- fastmigrate:irreversible');
    const files = [stream[0], stream[1], irreversible, stream[3]];
    const plan = planDatabase(files, files.map((m) => applied(m)), { action: 'rollback', to: 2 });
    expect(plan.refusals.map((r) => [r.code, r.version])).toEqual([['irreversible', 3]]);
    expect(plan.steps).toEqual([]);
    expect(planDatabase(files, files.map((m) => applied(m)), { action: 'rollback', to: 3 }).refusals).toEqual([]);
  });

  it('uses the DOWN kept at apply time when the file is gone', () => {
    const plan = planDatabase([stream[0], stream[1], stream[2]], all, { action: 'rollback' });
    expect(plan.refusals).toEqual([]);
    expect(plan.steps[0]).toMatchObject({ version: 4, file: null, sql: stream[3].down!.sql });
    expect(plan.notes.join()).toMatch(/file is gone/);
  });

  it('refuses when the file is gone and no DOWN was kept', () => {
    const history = [...all.slice(0, 3), applied(stream[3], { downSql: null, downChecksum: null })];
    const plan = planDatabase(stream.slice(0, 3), history, { action: 'rollback' });
    expect(plan.refusals.map((r) => r.code)).toEqual(['no-down']);
  });

  it('refuses an edited DOWN unless forced', () => {
    const editedDown = file(4, 'CREATE TABLE t4 (id int);', 'DROP TABLE IF EXISTS t4 CASCADE;');
    const files = [...stream.slice(0, 3), editedDown];
    const refused = planDatabase(files, all, { action: 'rollback' });
    expect(refused.refusals.map((r) => r.code)).toEqual(['edited-down']);
    expect(refused.refusals[0].hint).toMatch(/--force-edited-down/);
    const forced = planDatabase(files, all, { action: 'rollback' }, { allowEditedDown: true });
    expect(forced.steps[0].sql).toContain('CASCADE');
  });
});
