// Pure: golang-migrate's `{version}_{title}.up.sql` / `.down.sql` pairs → our migration files.
// golang-migrate's postgres driver sends each file as one query, outside an explicit transaction.
import type { FileProblem } from '../migrations/types';
import { composeMigration } from './compose';
import { duplicateVersions, sourceText } from './source-text';
import type { ConversionResult, Converter, ConvertedMigration, IgnoredFile, SourceFile } from './types';
import { versionFromDigits } from './versions';

/** golang-migrate's own pattern (source.Regex): the title and the extension may be anything. */
const NAME = /^([0-9]+)_(.*)\.(down|up)\.(.*)$/;
const ALWAYS = /^[0-9]+_.*\.always(?:up|down)\./;

interface Half {
  file: SourceFile;
  digits: string;
  title: string;
  version: number;
}

export const convertGolangMigrate: Converter = (files, { scope }): ConversionResult => {
  const problems: FileProblem[] = [];
  const ignored: IgnoredFile[] = [];
  const halves = { up: [] as Half[], down: [] as Half[] };
  for (const file of files) {
    if (ALWAYS.test(file.path)) {
      problems.push({
        file: file.path,
        line: null,
        message: 'golang-migrate runs an "always" migration on every run; FastMigrate runs each migration once',
        hint: 'Put what it (re)creates into a versioned migration (e.g. CREATE OR REPLACE FUNCTION …) and leave this file out of the folder you import.',
      });
      continue;
    }
    const match = NAME.exec(file.path);
    if (!match) {
      ignored.push({ file: file.path, reason: 'not a golang-migrate migration ({version}_{title}.up.sql or .down.sql)' });
      continue;
    }
    const version = versionFromDigits(match[1]);
    if (!version.ok) {
      problems.push({ file: file.path, line: null, message: version.message, hint: version.hint });
      continue;
    }
    halves[match[3] as 'up' | 'down'].push({ file, digits: match[1], title: match[2], version: version.version });
  }
  for (const direction of ['up', 'down'] as const) {
    problems.push(...duplicateVersions(halves[direction].map((h) => ({ version: h.version, file: h.file.path })), 'golang-migrate'));
  }

  const downs = new Map(halves.down.map((h) => [h.version, h]));
  const ups = new Set(halves.up.map((h) => h.version));
  for (const down of halves.down) {
    if (ups.has(down.version)) continue;
    problems.push({
      file: down.file.path,
      line: null,
      message: `there is a down file for version ${down.digits} but no up file`,
      hint: `Add the up file (${down.digits}_${down.title}.up.sql) or leave this file out of the folder you import.`,
    });
  }

  const migrations: ConvertedMigration[] = [];
  for (const up of [...halves.up].sort((a, b) => a.version - b.version)) {
    const down = downs.get(up.version);
    const upText = sourceText(up.file, problems);
    const downText = down ? sourceText(down.file, problems) : null;
    if (upText === null || (down && downText === null)) continue;
    const result = composeMigration({
      tool: 'golang-migrate',
      scope,
      version: up.version,
      versionText: up.digits,
      title: up.title,
      sources: [up.file.path, ...(down ? [down.file.path] : [])],
      up: { sql: upText, file: up.file.path, line: 1 },
      down: down ? { sql: downText!, file: down.file.path, line: 1 } : null,
      noDownBecause: 'no down file (golang-migrate would roll it back by doing nothing)',
    });
    if (result.ok) migrations.push(result.migration);
    else problems.push(...result.problems);
  }
  return { migrations, problems, ignored };
};
