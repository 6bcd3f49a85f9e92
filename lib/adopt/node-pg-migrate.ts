// Pure: node-pg-migrate's SQL migrations (`-- Up Migration` / `-- Down Migration` in one file, or the
// `.up.sql` / `.down.sql` pairs of its "sql" loader) → our migration files. Its JavaScript and
// TypeScript migrations are code and are refused. node-pg-migrate runs each migration in a transaction.
import type { FileProblem } from '../migrations/types';
import { composeMigration, type SectionSource } from './compose';
import { duplicateVersions, lineAt, sourceText } from './source-text';
import type { ConversionResult, Converter, ConvertedMigration, IgnoredFile, SourceFile } from './types';
import { nodePgMigrateVersion } from './versions';

const CODE = /\.(?:js|ts|cjs|mjs|cts|mts)$/;
/** node-pg-migrate's own markers (sqlMigration.ts): `-- Up Migration`, any case, extra dashes allowed. */
const marker = (direction: 'up' | 'down') => new RegExp(`^\\s*--[\\s-]*${direction}\\s+migration`, 'im');

interface Unit {
  /** The migration's name as node-pg-migrate records it in pgmigrations (the file name without .sql). */
  name: string;
  files: SourceFile[];
  read: (problems: FileProblem[]) => { up: SectionSource; down: SectionSource | null; noDownBecause: string } | null;
}

export const convertNodePgMigrate: Converter = (files, { scope }): ConversionResult => {
  const problems: FileProblem[] = [];
  const ignored: IgnoredFile[] = [];
  const units: Unit[] = [];
  const pairs = new Map<string, { up?: SourceFile; down?: SourceFile }>();

  for (const file of files) {
    if (file.path.startsWith('.')) continue; // node-pg-migrate's default ignorePattern
    if (CODE.test(file.path)) {
      problems.push({
        file: file.path,
        line: null,
        message: 'a JavaScript/TypeScript migration builds its SQL at run time (pgm.createTable(…)); FastMigrate cannot run code',
        hint: 'Rewrite it as an SQL migration (-- Up Migration / -- Down Migration) holding the SQL it runs, before importing.',
      });
      continue;
    }
    const pair = /^(.*)\.(up|down)\.sql$/.exec(file.path);
    if (pair) {
      const entry = pairs.get(pair[1]) ?? {};
      entry[pair[2] as 'up' | 'down'] = file;
      pairs.set(pair[1], entry);
    } else if (file.path.endsWith('.sql')) {
      units.push({ name: file.path.slice(0, -'.sql'.length), files: [file], read: (p) => readSingleFile(file, p) });
    } else {
      ignored.push({ file: file.path, reason: 'not an SQL, JavaScript or TypeScript migration' });
    }
  }
  for (const [name, { up, down }] of pairs) {
    if (!up) {
      problems.push({ file: down!.path, line: null, message: `there is ${name}.down.sql but no ${name}.up.sql`, hint: `Add ${name}.up.sql, or leave this file out of the folder you import.` });
      continue;
    }
    units.push({ name, files: [up, ...(down ? [down] : [])], read: (p) => readPair(up, down, p) });
  }

  const migrations: ConvertedMigration[] = [];
  const versions: Array<{ version: number; file: string }> = [];
  for (const unit of units) {
    const version = nodePgMigrateVersion(unit.name);
    if (!version.ok) {
      problems.push({ file: unit.files[0].path, line: null, message: version.message, hint: version.hint });
      continue;
    }
    versions.push({ version: version.version, file: unit.files[0].path });
    const sections = unit.read(problems);
    if (!sections) continue;
    const result = composeMigration({
      tool: 'node-pg-migrate',
      scope,
      version: version.version,
      versionText: version.text,
      title: unit.name.replace(/^\d+[_-]?/, ''),
      sources: unit.files.map((f) => f.path),
      up: sections.up,
      down: sections.down,
      noDownBecause: sections.noDownBecause,
      notes: version.note ? [version.note] : [],
    });
    if (result.ok) migrations.push(result.migration);
    else problems.push(...result.problems);
  }
  problems.push(...duplicateVersions(versions, 'node-pg-migrate'));
  migrations.sort((a, b) => a.version - b.version);
  return { migrations, problems, ignored };
};

/**
 * Exactly as node-pg-migrate splits a file: UP runs from its marker to the DOWN marker (or the end),
 * DOWN from its marker to the UP marker (or the end); no marker at all makes the whole file UP, and
 * no DOWN marker means node-pg-migrate refuses to roll it back. The marker lines themselves are left out.
 */
function readSingleFile(file: SourceFile, problems: FileProblem[]) {
  const text = sourceText(file, problems);
  if (text === null) return null;
  const upStart = text.search(marker('up'));
  const downStart = text.search(marker('down'));
  if (upStart < 0 && downStart >= 0) {
    problems.push({
      file: file.path,
      line: lineAt(text, downStart + /^\s*/.exec(text.slice(downStart))![0].length),
      message: 'there is a "-- Down Migration" line but no "-- Up Migration" line, so node-pg-migrate runs the whole file as UP, down section included',
      hint: 'Put a line "-- Up Migration" above the forward SQL before importing (check what the database really ran).',
    });
    return null;
  }
  const section = (start: number, end: number | undefined): SectionSource => {
    // The pattern's leading \s* may begin on blank lines before the marker: start at the marker itself.
    start += /^\s*/.exec(text.slice(start))![0].length;
    const block = text.slice(start, end);
    const newline = block.indexOf('\n');
    return { sql: newline === -1 ? '' : block.slice(newline + 1), file: file.path, line: lineAt(text, start) + 1 };
  };
  const up: SectionSource =
    upStart >= 0 ? section(upStart, downStart > upStart ? downStart : undefined) : { sql: text, file: file.path, line: 1 };
  const down = downStart >= 0 ? section(downStart, upStart > downStart ? upStart : undefined) : null;
  return { up, down, noDownBecause: 'no "-- Down Migration" section (node-pg-migrate refuses to roll it back too)' };
}

function readPair(upFile: SourceFile, downFile: SourceFile | undefined, problems: FileProblem[]) {
  const up = sourceText(upFile, problems);
  const down = downFile ? sourceText(downFile, problems) : null;
  if (up === null || (downFile && down === null)) return null;
  return {
    up: { sql: up, file: upFile.path, line: 1 },
    down: downFile ? { sql: down!, file: downFile.path, line: 1 } : null,
    noDownBecause: 'no .down.sql file (node-pg-migrate would roll it back by doing nothing)',
  };
}
