import { describe, expect, it } from 'vitest';
import { buildMigrationSet, formatNewMigration, nextVersion } from './migration-set';
import { parseMigrationFile } from './parse';
import type { Migration, MigrationSet } from './types';

const BODY = '-- ==================== UP ====================\nSELECT 1;\n-- ==================== DOWN ====================\nSELECT 2;\n';

function migration(file: string): Migration {
  const [folder, fileName] = file.split('/');
  const result = parseMigrationFile({ file, folder, fileName, content: BODY });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.migration;
}

const build = (...files: string[]) => buildMigrationSet('/srv/migrations', files.map(migration));
const filesOf = (list: Migration[]) => list.map((m) => m.file);

describe('buildMigrationSet', () => {
  it('gives the host host/ + both/ and the tenants tenant/ + both/, each ordered by version', () => {
    const { set, problems } = build('tenant/010_c.sql', 'host/002_b.sql', 'both/003_shared.sql', 'tenant/2_a.sql', 'host/001_a.sql', 'tenant/9_b.sql');
    expect(problems).toEqual([]);
    expect(set.dir).toBe('/srv/migrations');
    expect(filesOf(set.host)).toEqual(['host/001_a.sql', 'host/002_b.sql', 'both/003_shared.sql']);
    expect(filesOf(set.tenant)).toEqual(['tenant/2_a.sql', 'both/003_shared.sql', 'tenant/9_b.sql', 'tenant/010_c.sql']);
  });

  it('allows the same version in host/ and tenant/, which never meet', () => {
    expect(build('host/001_a.sql', 'tenant/001_a.sql').problems).toEqual([]);
  });

  it('rejects a version in both/ that is also in tenant/, naming both files', () => {
    const { problems } = build('host/001_a.sql', 'both/007_x.sql', 'tenant/007_y.sql');
    expect(problems).toEqual([
      {
        file: 'tenant/007_y.sql',
        line: null,
        message: 'version 7 is used twice in the tenant stream (tenant/ + both/): both/007_x.sql and tenant/007_y.sql',
        hint: 'A version must be unique within a stream: renumber all but one of both/007_x.sql and tenant/007_y.sql to an unused version.',
      },
    ]);
  });

  it('rejects two files of one folder with the same version written differently', () => {
    const { problems } = build('tenant/007_a.sql', 'tenant/7_b.sql');
    expect(problems.map((p) => [p.file, p.message])).toEqual([
      ['tenant/7_b.sql', 'version 7 is used twice in the tenant stream (tenant/ + both/): tenant/007_a.sql and tenant/7_b.sql'],
    ]);
  });

  it('reports a clash inside both/ once, and a three-way clash with every file', () => {
    const { problems } = build('both/004_a.sql', 'both/4_b.sql', 'host/005_a.sql', 'host/05_b.sql', 'both/5_c.sql');
    expect(problems.map((p) => p.message)).toEqual([
      'version 4 is used twice in the host and tenant streams (both/): both/004_a.sql and both/4_b.sql',
      'version 5 is used 3 times in the host stream (host/ + both/): both/5_c.sql, host/005_a.sql and host/05_b.sql',
    ]);
  });
});

describe('nextVersion', () => {
  const set = (...files: string[]): MigrationSet => build(...files).set;

  it('is 1 for an empty folder', () => {
    expect(nextVersion(set(), 'tenant')).toBe(1);
    expect(nextVersion(set(), 'both')).toBe(1);
  });

  it('follows the highest version of the stream the folder feeds', () => {
    const s = set('host/001_a.sql', 'host/004_b.sql', 'tenant/002_a.sql', 'both/003_c.sql');
    expect(nextVersion(s, 'host')).toBe(5);
    expect(nextVersion(s, 'tenant')).toBe(4);
    expect(nextVersion(s, 'both')).toBe(5);
  });

  it('for both/ follows whichever stream is further ahead', () => {
    expect(nextVersion(set('host/002_a.sql', 'tenant/012_a.sql'), 'both')).toBe(13);
  });
});

describe('formatNewMigration', () => {
  const input = { version: 3, description: 'Add budgets', scope: 'tenant' as const, author: 'ana', date: '2025-12-13' };

  it('names the file NNN_slug.sql and writes the header and both markers', () => {
    expect(formatNewMigration(input)).toEqual({
      fileName: '003_add_budgets.sql',
      content: [
        '-- Migration: 003_add_budgets',
        '-- Version: 003',
        '-- Description: Add budgets',
        '-- Author: ana',
        '-- Date: 2025-12-13',
        '-- Scope: tenant',
        '',
        '-- ==================== UP ====================',
        '-- Write the forward SQL here. Use IF EXISTS / IF NOT EXISTS so a retry is harmless.',
        '',
        '-- ==================== DOWN ====================',
        '-- Write the SQL that undoes the UP section here, in reverse order.',
        '-- If the change cannot be undone, replace these comments with the line "-- fastmigrate:irreversible".',
        '',
      ].join('\n'),
    });
  });

  it('slugifies the description to lower snake case', () => {
    const name = (description: string) => formatNewMigration({ ...input, description }).fileName;
    expect(name('  Add "budgets" & goals!! ')).toBe('003_add_budgets_goals.sql');
    expect(name('Créer la table Dépenses')).toBe('003_creer_la_table_depenses.sql');
    expect(name('add-index_v2')).toBe('003_add_index_v2.sql');
  });

  it('pads to three digits and no more', () => {
    expect(formatNewMigration({ ...input, version: 42 }).fileName).toBe('042_add_budgets.sql');
    expect(formatNewMigration({ ...input, version: 1234 }).fileName).toBe('1234_add_budgets.sql');
  });

  it('takes the UTC day of a Date, leaves out an empty author and keeps the header on one line', () => {
    const { content } = formatNewMigration({ ...input, author: '', date: new Date('2026-01-02T23:30:00Z'), description: 'add\nbudgets' });
    expect(content.split('\n').slice(0, 5)).toEqual([
      '-- Migration: 003_add_budgets',
      '-- Version: 003',
      '-- Description: add budgets',
      '-- Date: 2026-01-02',
      '-- Scope: tenant',
    ]);
  });

  it('throws on a description without letters or digits, and on a bad version', () => {
    expect(() => formatNewMigration({ ...input, description: ' !!! ' })).toThrow(
      'The description " !!! " has no letters or digits to name the file with; describe the change, e.g. "add budgets".',
    );
    expect(() => formatNewMigration({ ...input, version: 0 })).toThrow('Version must be a whole number from 1 to 9007199254740991, got 0.');
    expect(() => formatNewMigration({ ...input, version: 1.5 })).toThrow('got 1.5');
  });

  it('gives a file that parses with its header agreeing, and fails only on its empty sections until written', () => {
    const { fileName, content } = formatNewMigration({ ...input, scope: 'both', version: 7 });
    const parse = (text: string) => parseMigrationFile({ file: `both/${fileName}`, folder: 'both', fileName, content: text });
    const empty = parse(content);
    expect(empty.ok ? [] : empty.problems.map((p) => [p.line, p.message])).toEqual([
      [8, 'the UP section is empty'],
      [11, 'the DOWN section is empty'],
    ]);

    const written = parse(content.replace('harmless.\n', 'harmless.\nCREATE TABLE budgets (id int);\n').replace('order.\n', 'order.\nDROP TABLE budgets;\n'));
    if (!written.ok) throw new Error(JSON.stringify(written.problems));
    expect(written.migration).toMatchObject({ version: 7, scope: 'both', name: '007_add_budgets', header: { version: '007', scope: 'both', author: 'ana' } });
    expect(written.migration.down?.sql).toContain('DROP TABLE budgets;');
  });
});
