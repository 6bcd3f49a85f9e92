// Pure: one migration of another tool (its UP and DOWN SQL and where they came from) → the text of
// our migration file, checked with our own parser before anyone writes it.
import { DIRECTIVE, MARKER, MARKER_EXAMPLE, parseMigrationFile } from '../migrations/parse';
import type { FileProblem, Scope } from '../migrations/types';
import { inspectSql, type SqlInspection } from './sql-inspect';
import type { ConvertedMigration, Tool } from './types';

export interface SectionSource {
  /** The SQL as the tool runs it, without the tool's own marker line. */
  sql: string;
  /** Source path it comes from. */
  file: string;
  /** 1-based line in `file` of the first line of `sql`. */
  line: number;
  /** The tool was told to run it outside a transaction, if it was. */
  noTransactionRequest?: {
    /** How, e.g. "transaction:false". */
    option: string;
    /** What the tool did with several statements so marked, e.g. "sent them as one query". */
    withSeveral: string;
  };
}

export interface MigrationDraft {
  tool: Tool;
  scope: Scope;
  version: number;
  versionText: string;
  /** The tool's title of the migration, as free text (from its file name). */
  title: string;
  sources: string[];
  up: SectionSource;
  /** Null when the tool has no down for it. */
  down: SectionSource | null;
  /** Why there is no down (when `down` is null), e.g. "no down file". */
  noDownBecause?: string;
  notes?: string[];
}

export type ComposeResult = { ok: true; migration: ConvertedMigration } | { ok: false; problems: FileProblem[] };

const IRREVERSIBLE = '-- fastmigrate:irreversible';
const NO_TRANSACTION = '-- fastmigrate:no-transaction';

/** Our file name's description: letters, digits, "_" and "-" (any other run of characters becomes "_"). */
export function descriptionFromTitle(title: string): string {
  return title.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^[_-]+|[_-]+$/g, '') || 'migration';
}

interface Segment {
  /** 1-based first line of the segment in our file. */
  start: number;
  count: number;
  file: string;
  sourceLine: number;
}

interface PreparedSection {
  section: SectionSource;
  noTransaction: boolean;
}

export function composeMigration(draft: MigrationDraft): ComposeResult {
  const problems: FileProblem[] = [];
  const notes = [...(draft.notes ?? [])];
  const prepared = prepareSections(draft, problems, notes);
  if (!prepared || problems.length) return { ok: false, problems };
  const file = render(draft, prepared.up, prepared.down, prepared.noDownBecause);
  const problemsInFile = checkWithOurParser(draft, file);
  if (problemsInFile.length) return { ok: false, problems: problemsInFile };
  return {
    ok: true,
    migration: { version: draft.version, versionText: draft.versionText, fileName: file.fileName, content: file.content, sources: draft.sources, notes },
  };
}

/** The UP and DOWN as our file will hold them, or problems: SQL PostgreSQL cannot parse, an empty UP, … */
function prepareSections(draft: MigrationDraft, problems: FileProblem[], notes: string[]) {
  const up = trimSection(draft.up);
  checkOurSyntax(up, problems);
  if (draft.down) checkOurSyntax(draft.down, problems);
  const upInspection = inspect(up, problems);
  if (upInspection?.statements === 0) {
    problems.push({
      file: up.file,
      line: null,
      message: 'the up migration holds no SQL',
      hint: 'A FastMigrate migration cannot be empty: write the SQL it stands for, or leave the file out of the folder you import (its version is then not used).',
    });
  }

  let down = draft.down ? trimSection(draft.down) : null;
  let noDownBecause = draft.noDownBecause ?? 'no down migration';
  const downInspection = down ? inspect(down, problems) : null;
  if (down && downInspection?.statements === 0) {
    noDownBecause = `the down section of ${down.file} holds no SQL (${draft.tool} would roll it back by doing nothing)`;
    down = null;
  }
  if (!down) notes.push(`${noDownBecause}: marked irreversible, so rolling back past it is refused`);
  if (!upInspection || (down && !downInspection)) return null;

  const mode = (which: 'up' | 'down', section: SectionSource, inspection: Inspected): PreparedSection => ({
    section,
    noTransaction: transactionMode(which, section, inspection, draft.tool, problems, notes) === 'no-transaction',
  });
  return { up: mode('up', up, upInspection), down: down && downInspection ? mode('down', down, downInspection) : null, noDownBecause };
}

interface RenderedFile {
  fileName: string;
  content: string;
  /** Where each section's SQL sits in the file, to point problems back at the source. */
  segments: Segment[];
}

function render(draft: MigrationDraft, up: PreparedSection, down: PreparedSection | null, noDownBecause: string): RenderedFile {
  const description = descriptionFromTitle(draft.title);
  const name = `${draft.versionText}_${description}`;
  const lines: string[] = [
    `-- Migration: ${name}`,
    `-- Version: ${draft.versionText}`,
    `-- Description: ${draft.title.replace(/[_\s]+/g, ' ').trim() || description}`,
    `-- Scope: ${draft.scope}`,
    `-- Imported from ${draft.tool}: ${draft.sources.join(', ')}`,
  ];
  if (!down) lines.push(`-- Irreversible: ${noDownBecause}.`, IRREVERSIBLE);
  const segments: Segment[] = [];
  const addSection = (marker: string, { section, noTransaction }: PreparedSection) => {
    lines.push('', marker);
    if (noTransaction) lines.push(NO_TRANSACTION);
    const sqlLines = section.sql.split('\n');
    segments.push({ start: lines.length + 1, count: sqlLines.length, file: section.file, sourceLine: section.line });
    lines.push(...sqlLines);
  };
  addSection(MARKER_EXAMPLE.up, up);
  if (down) addSection(MARKER_EXAMPLE.down, down);
  return { fileName: `${name}.sql`, content: lines.join('\n') + '\n', segments };
}

/** Our parser's problems with the file, at the source file and line they come from. */
function checkWithOurParser(draft: MigrationDraft, { fileName, content, segments }: RenderedFile): FileProblem[] {
  const parsed = parseMigrationFile({ file: `${draft.scope}/${fileName}`, folder: draft.scope, fileName, content });
  if (parsed.ok) return [];
  return parsed.problems.map((p) => {
    const segment = p.line === null ? undefined : segments.find((s) => p.line! >= s.start && p.line! < s.start + s.count);
    return segment
      ? { file: segment.file, line: segment.sourceLine + (p.line! - segment.start), message: p.message, hint: p.hint }
      : { file: draft.sources[0], line: null, message: `converted to ${draft.scope}/${fileName}, it would not be a valid migration: ${p.message}`, hint: p.hint };
  });
}

/** Drops blank lines around the SQL (keeping `line` pointing at its first line) and normalises line ends. */
function trimSection(section: SectionSource): SectionSource {
  const lines = section.sql.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
  let first = 0;
  while (first < lines.length && lines[first].trim() === '') first++;
  return { ...section, sql: lines.slice(first).join('\n').trimEnd(), line: section.line + first };
}

/** Lines of the source that our parser would read as a section marker or a directive of ours. */
function checkOurSyntax(section: SectionSource, problems: FileProblem[]): void {
  section.sql.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    const what = MARKER.test(line) ? 'a FastMigrate section marker' : DIRECTIVE.test(line) ? 'a FastMigrate directive' : null;
    if (!what) return;
    problems.push({
      file: section.file,
      line: section.line + index,
      message: `"${line}" reads as ${what}`,
      hint: 'FastMigrate would take this comment for its own syntax: reword it (e.g. without the "=" signs, or without "fastmigrate:") before importing.',
    });
  });
}

type Inspected = Extract<SqlInspection, { ok: true }>;

function inspect(section: SectionSource, problems: FileProblem[]): Inspected | null {
  const result = inspectSql(section.sql);
  if (result.ok) return result;
  problems.push({
    file: section.file,
    line: section.line + result.line - 1,
    message: `PostgreSQL cannot parse it: ${result.message}`,
    hint: 'Fix the SQL before importing: FastMigrate parses every migration before it runs anything.',
  });
  return null;
}

/**
 * Whether our section runs in a transaction (the default) or alone outside one. A section goes
 * outside a transaction when the tool was asked to run it so (and it is one statement), or when it
 * is one statement PostgreSQL refuses inside a transaction block (CREATE INDEX CONCURRENTLY). A
 * section of several statements asked to run outside a transaction becomes an ordinary one, as long
 * as none of them needs to be outside: dbmate sends such a section as one query, which PostgreSQL
 * runs as one implicit transaction anyway; Flyway commits each statement on its own, and all or
 * nothing is the safer of the two.
 */
function transactionMode(
  which: 'up' | 'down',
  section: SectionSource,
  inspection: Inspected,
  tool: Tool,
  problems: FileProblem[],
  notes: string[],
): 'transaction' | 'no-transaction' {
  const { statements, nonTransactional } = inspection;
  if (statements === 1 && (section.noTransactionRequest || nonTransactional.length === 1)) {
    const why = section.noTransactionRequest ? `${tool}'s ${section.noTransactionRequest.option}` : nonTransactional[0].what;
    notes.push(`${which} runs outside a transaction (${why}): marked -- fastmigrate:no-transaction`);
    return 'no-transaction';
  }
  if (nonTransactional.length > 0) {
    const first = nonTransactional[0];
    problems.push({
      file: section.file,
      line: section.line + first.line - 1,
      message: `${first.what} cannot run inside a transaction, and this ${which} section holds ${statements} statements`,
      hint:
        'FastMigrate runs such a statement alone, outside a transaction (-- fastmigrate:no-transaction): move it into a migration of its own ' +
        `(one statement per migration) before importing.`,
    });
    return 'transaction';
  }
  if (section.noTransactionRequest) {
    const { option, withSeveral } = section.noTransactionRequest;
    notes.push(`${which}: ${tool}'s ${option} on ${statements} statements ${withSeveral}: imported as an ordinary section, in one transaction`);
  }
  return 'transaction';
}
