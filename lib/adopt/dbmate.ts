// Pure: dbmate's one-file migrations (`-- migrate:up` / `-- migrate:down` sections, options such as
// `transaction:false` on the section line) → our migration files. The patterns are dbmate's own.
import type { FileProblem } from '../migrations/types';
import { composeMigration, type SectionSource } from './compose';
import { duplicateVersions, lineAt, sourceText } from './source-text';
import type { ConversionResult, Converter, ConvertedMigration, IgnoredFile } from './types';
import { versionFromDigits } from './versions';

/** dbmate reads the files whose name starts with a digit and ends in .sql; the version is the leading digits. */
const FILE = /^(\d+)(.*)\.sql$/;
const UP = /^--\s*migrate:up(?:[ \t\f\r]*$|\s+\S+)/gm;
const DOWN = /^--\s*migrate:down(?:[ \t\f\r]*$|\s+\S+)/gm;
const COMMENT_OR_BLANK = /^\s*(?:--.*)?$/;
// dbmate sends a section marked transaction:false as one query (lib/pq's simple protocol).
const ONE_QUERY = 'sent them as one query, which PostgreSQL runs as one implicit transaction';

export const convertDbmate: Converter = (files, { scope }): ConversionResult => {
  const problems: FileProblem[] = [];
  const ignored: IgnoredFile[] = [];
  const migrations: ConvertedMigration[] = [];
  const versions: Array<{ version: number; file: string }> = [];

  for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    const match = FILE.exec(file.path);
    if (!match) {
      ignored.push({ file: file.path, reason: 'not a dbmate migration (a name that starts with its version and ends in .sql)' });
      continue;
    }
    const version = versionFromDigits(match[1]);
    if (!version.ok) {
      problems.push({ file: file.path, line: null, message: version.message, hint: version.hint });
      continue;
    }
    versions.push({ version: version.version, file: file.path });
    const text = sourceText(file, problems);
    if (text === null) continue;
    const notes: string[] = [];
    const sections = splitSections(text, file.path, problems, notes);
    if (!sections) continue;
    const result = composeMigration({
      tool: 'dbmate',
      scope,
      version: version.version,
      versionText: match[1],
      title: match[2].replace(/^[_-]+/, ''),
      sources: [file.path],
      up: sections.up,
      down: sections.down,
      notes,
    });
    if (result.ok) migrations.push(result.migration);
    else problems.push(...result.problems);
  }
  problems.push(...duplicateVersions(versions, 'dbmate'));
  return { migrations, problems, ignored };
};

function splitSections(text: string, file: string, problems: FileProblem[], notes: string[]): { up: SectionSource; down: SectionSource } | null {
  const ups = [...text.matchAll(UP)];
  const downs = [...text.matchAll(DOWN)];
  const refuse = (line: number | null, message: string, hint: string) => {
    problems.push({ file, line, message, hint });
    return null;
  };
  if (ups.length === 0) return refuse(null, 'there is no "-- migrate:up" line', 'dbmate itself refuses such a file: add the line before the forward SQL.');
  if (downs.length === 0) return refuse(null, 'there is no "-- migrate:down" line', 'dbmate itself refuses such a file: add the line (with the SQL that undoes the up section) after the up section.');
  if (ups.length > 1 || downs.length > 1) {
    const extra = ups.length > 1 ? ups[1] : downs[1];
    return refuse(lineAt(text, extra.index), 'the file holds more than one up or down section', 'A FastMigrate migration has one UP and one DOWN: split it into one file per migration before importing.');
  }
  const [up, down] = [ups[0], downs[0]];
  if (down.index < up.index) return refuse(lineAt(text, down.index), '"-- migrate:down" comes before "-- migrate:up"', 'dbmate itself refuses this order: put the up section first.');
  const before = text.slice(0, up.index).split('\n').findIndex((l) => !COMMENT_OR_BLANK.test(l));
  if (before !== -1) return refuse(before + 1, 'there is SQL before "-- migrate:up"', 'dbmate itself refuses this: move the SQL into the up section.');

  const section = (start: number, end: number): SectionSource => {
    const block = text.slice(start, end);
    const newline = block.indexOf('\n');
    const directive = newline === -1 ? block : block.slice(0, newline);
    const options = directive.replace(/^--\s*migrate:(?:up|down)/, '').trim().split(/\s+/).filter(Boolean);
    const unknown = options.filter((o) => !/^transaction:/.test(o));
    if (unknown.length) notes.push(`option ${unknown.join(' ')} on line ${lineAt(text, start)} ignored, as dbmate ignores it`);
    return {
      sql: newline === -1 ? '' : block.slice(newline + 1),
      file,
      line: lineAt(text, start) + 1,
      // dbmate: any value but "false" keeps the transaction.
      noTransactionRequest: options.includes('transaction:false') ? { option: 'transaction:false', withSeveral: ONE_QUERY } : undefined,
    };
  };
  return { up: section(up.index, down.index), down: section(down.index, text.length) };
}
