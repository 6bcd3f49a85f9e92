// Pure: the text of one migration file → Migration, or every problem found in it (DESIGN §2).
import { createHash } from 'node:crypto';
import { countStatements, dollarTagAt, lexSql, type SqlToken } from './sql-lexer';
import type { FileProblem, Migration, Scope, Section } from './types';

export interface MigrationFileInput {
  /** Path relative to the migrations folder, e.g. `tenant/003_add_budgets.sql`. */
  file: string;
  /** The sub-folder: `host`, `tenant` or `both`. */
  folder: string;
  /** The base name, e.g. `003_add_budgets.sql`. */
  fileName: string;
  content: Uint8Array | string;
}

export type ParseResult = { ok: true; migration: Migration } | { ok: false; problems: FileProblem[] };

export const SCOPES: readonly Scope[] = ['host', 'tenant', 'both'];

/**
 * Versions are 64-bit so that timestamps (`20240131120000`) are versions too; 0 means "nothing
 * applied". The bound is 2^53 - 1, not 2^63 - 1: versions are JavaScript numbers everywhere (plans,
 * JSON, the dashboard), and above this bound two different versions can become the same number.
 */
export const MAX_VERSION = Number.MAX_SAFE_INTEGER;
const MAX_VERSION_HINT = `Use a version from 1 to ${MAX_VERSION} (the largest whole number a JavaScript number holds exactly).`;

export const MARKER_EXAMPLE = {
  up: '-- ==================== UP ====================',
  down: '-- ==================== DOWN ====================',
};

const FILE_NAME = /^(\d+)_([A-Za-z0-9_-]+)\.sql$/;
/** A section marker line (trimmed), e.g. `-- ==== UP ====`. */
export const MARKER = /^-{2,}\s*={3,}\s*(up|down)\s*={3,}\s*$/i;
/** A directive line (trimmed), e.g. `-- fastmigrate:irreversible`. */
export const DIRECTIVE = /^--\s*fastmigrate\s*:\s*(.*?)\s*$/i;
const HEADER_KEYS = ['migration', 'version', 'description', 'author', 'date', 'scope'];
const HEADER_LINE = new RegExp(`^--\\s*(${HEADER_KEYS.join('|')})\\s*:\\s*(.*?)\\s*$`, 'i');
const IRREVERSIBLE = 'irreversible';
const NO_TRANSACTION = 'no-transaction';

/** Removes a leading BOM and turns CRLF and lone CR into LF. */
export function normaliseText(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

/** SHA-256 hex of the text's UTF-8 bytes. Pass normalised text (see normaliseText). */
export function checksumOf(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

type AddProblem = (line: number | null, message: string, hint: string) => void;

interface CommentLine {
  /** 1-based. */
  line: number;
  /** The line without surrounding whitespace; it starts with `--`. */
  text: string;
}

interface Marker {
  kind: 'up' | 'down';
  line: number;
}

export function parseMigrationFile(input: MigrationFileInput): ParseResult {
  const problems: FileProblem[] = [];
  const add: AddProblem = (line, message, hint) => problems.push({ file: input.file, line, message, hint });

  const name = checkFileName(input.fileName, add);
  const scope = checkFolder(input.folder, add);
  const text = normaliseText(decode(input.content, add));
  const lines = text.split('\n');
  const tokens = lexSql(text);
  const lineStarts = lineStartOffsets(lines);
  const lineAt = (offset: number) => lineOfIndex(lineStarts, offset);

  checkTokens(text, tokens, lineAt, add);
  const comments = topLevelCommentLines(lines, lineStarts, tokens);
  const markers: Marker[] = [];
  for (const c of comments) {
    const m = MARKER.exec(c.text);
    if (m) markers.push({ kind: m[1].toLowerCase() as Marker['kind'], line: c.line });
  }
  const ups = markers.filter((m) => m.kind === 'up');
  const downs = markers.filter((m) => m.kind === 'down');
  const up = ups[0];
  const down = up ? downs.find((m) => m.line > up.line) : undefined;
  checkMarkers(ups, downs, comments, add);

  const firstMarkerLine = markers[0]?.line ?? lines.length + 1;
  const headerComments = comments.filter((c) => c.line < firstMarkerLine);
  const header = up ? readHeader(headerComments, name?.version ?? null, scope, add) : {};
  if (up) checkHeaderIsComments(text, tokens, lineStarts[firstMarkerLine - 1], lineAt, add);

  // Directives, with the marker line they follow (0 = header, before any marker).
  const directives: Array<{ name: string; line: number; after: number }> = [];
  for (const c of comments) {
    const m = DIRECTIVE.exec(c.text);
    if (!m) continue;
    const directive = m[1].toLowerCase();
    if (directive !== IRREVERSIBLE && directive !== NO_TRANSACTION) {
      add(
        c.line,
        `unknown directive "${c.text}"`,
        `The directives are "-- fastmigrate:${IRREVERSIBLE}" and "-- fastmigrate:${NO_TRANSACTION}", each alone on its line.`,
      );
      continue;
    }
    const after = markers.filter((mk) => mk.line < c.line).at(-1)?.line ?? 0;
    directives.push({ name: directive, line: c.line, after });
  }
  const irreversible = directives.some((d) => d.name === IRREVERSIBLE);
  // Lines of the no-transaction directives that apply to a section: its own first, then the header's.
  const noTransactionLines = (marker: Marker) => {
    const applying = directives.filter((d) => d.name === NO_TRANSACTION);
    return [...applying.filter((d) => d.after === marker.line), ...applying.filter((d) => d.after === 0)].map((d) => d.line);
  };

  let upSection: Section | null = null;
  if (up) {
    upSection = readSection(lines, up, markers, noTransactionLines(up), add);
    if (countStatements(upSection.sql) === 0) {
      add(up.line, 'the UP section is empty', 'Write the forward SQL below the UP marker line.');
    }
  }

  let downSection: Section | null = null;
  const reversibleHint =
    `Every migration must be reversible: add a "${MARKER_EXAMPLE.down}" section with SQL that undoes the UP ` +
    `section, or, if it truly cannot be undone, add a line "-- fastmigrate:${IRREVERSIBLE}".`;
  if (down) {
    downSection = readSection(lines, down, markers, noTransactionLines(down), add);
    if (countStatements(downSection.sql) === 0) {
      if (!irreversible) add(down.line, 'the DOWN section is empty', reversibleHint);
      downSection = null;
    }
  } else if (downs.length === 0 && !irreversible) {
    const nearMiss = lookalike(comments, 'down');
    add(null, 'there is no DOWN marker line' + notAMarker(nearMiss), reversibleHint);
  }

  if (problems.length > 0 || !name || !scope || !upSection) {
    return { ok: false, problems: problems.sort(byLine) };
  }
  return {
    ok: true,
    migration: {
      version: name.version,
      name: name.name,
      description: name.description,
      scope,
      file: input.file,
      up: upSection,
      down: downSection,
      irreversible,
      header,
    },
  };
}

function byLine(a: FileProblem, b: FileProblem): number {
  return (a.line ?? 0) - (b.line ?? 0);
}

function checkFileName(
  fileName: string,
  add: AddProblem,
): { version: number; description: string; name: string } | null {
  const usage = 'Name migration files {version}_{description}.sql, e.g. 003_add_budgets.sql.';
  const match = FILE_NAME.exec(fileName);
  if (match) {
    // BigInt: exact for any number of digits (Number() rounds past MAX_VERSION).
    const digits = BigInt(match[1]);
    if (digits < 1n || digits > BigInt(MAX_VERSION)) {
      add(null, `version ${match[1]} in the file name is out of range`, `${MAX_VERSION_HINT} ${usage}`);
      return null;
    }
    return { version: Number(digits), description: match[2], name: fileName.slice(0, -'.sql'.length) };
  }

  const stem = fileName.replace(/\.sql$/i, '');
  const digits = /^\d+/.exec(stem)?.[0];
  const rest = stem.slice(digits?.length ?? 0);
  const slug = slugify(rest);
  const suggestion = `${digits ?? 'NNN'}_${slug || 'description'}.sql`;
  let message: string;
  if (!fileName.endsWith('.sql')) message = `file name "${fileName}" does not end in ".sql"`;
  else if (!digits) message = `file name "${fileName}" does not start with a version number`;
  else if (rest === '' || rest === '_') message = `file name "${fileName}" has no description after the version`;
  else if (!rest.startsWith('_')) message = `file name "${fileName}" does not separate the version from the description with "_"`;
  else message = `the description in file name "${fileName}" may only hold letters, digits, "_" and "-"`;
  add(null, message, `Rename it, e.g. to ${suggestion}. ${usage}`);
  return null;
}

/** Lower snake case from free text, e.g. "Add budgets!" → "add_budgets"; may be empty. */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

function checkFolder(folder: string, add: AddProblem): Scope | null {
  if ((SCOPES as readonly string[]).includes(folder)) return folder as Scope;
  add(null, `the file is in folder "${folder}", which is not a migration folder`, 'Move it to host/, tenant/ or both/.');
  return null;
}

function decode(content: Uint8Array | string, add: AddProblem): string {
  if (typeof content === 'string') return content;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    const bad = firstInvalidUtf8Byte(content);
    const utf16 = (content[0] === 0xff && content[1] === 0xfe) || (content[0] === 0xfe && content[1] === 0xff);
    add(
      bad === null ? null : lineOfByte(content, bad),
      bad === null ? 'the file is not UTF-8' : `the file is not UTF-8 (invalid byte 0x${hex(content[bad])} at byte ${bad})`,
      `Save the file as UTF-8${utf16 ? ' (it looks like UTF-16)' : ''}, e.g. with \`iconv -f LATIN1 -t UTF-8\`.`,
    );
    // Carry on with a lossy decoding: invalid bytes are never ASCII, so markers and quotes survive
    // and the other problems of the file can still be reported.
    return new TextDecoder('utf-8').decode(content);
  }
}

function hex(byte: number): string {
  return byte.toString(16).toUpperCase().padStart(2, '0');
}

/** Index of the first byte that starts an invalid UTF-8 sequence, or null. */
export function firstInvalidUtf8Byte(bytes: Uint8Array): number | null {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    let length: number;
    let min = 0x80;
    let max = 0xbf;
    if (b < 0x80) length = 1;
    else if (b >= 0xc2 && b <= 0xdf) length = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      length = 3;
      if (b === 0xe0) min = 0xa0; // overlong
      if (b === 0xed) max = 0x9f; // surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      length = 4;
      if (b === 0xf0) min = 0x90; // overlong
      if (b === 0xf4) max = 0x8f; // above U+10FFFF
    } else return i;
    for (let k = 1; k < length; k++) {
      const c = bytes[i + k];
      const lo = k === 1 ? min : 0x80;
      const hi = k === 1 ? max : 0xbf;
      if (c === undefined || c < lo || c > hi) return i;
    }
    i += length;
  }
  return null;
}

/** 1-based line of a byte, counting LF, CRLF and lone CR as line ends (as normaliseText does). */
function lineOfByte(bytes: Uint8Array, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) {
    if (bytes[i] === 0x0a || (bytes[i] === 0x0d && bytes[i + 1] !== 0x0a)) line++;
  }
  return line;
}

function lineStartOffsets(lines: string[]): number[] {
  const starts: number[] = [];
  let offset = 0;
  for (const line of lines) {
    starts.push(offset);
    offset += line.length + 1;
  }
  return starts;
}

/** 1-based line holding a string index. */
function lineOfIndex(lineStarts: number[], index: number): number {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid] <= index) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

const TOKEN_NAMES: Partial<Record<SqlToken['kind'], string>> = {
  string: 'quoted string',
  'quoted-identifier': 'double-quoted identifier',
  'dollar-string': 'dollar-quoted body',
  'block-comment': '/* comment',
};

function checkTokens(text: string, tokens: SqlToken[], lineAt: (offset: number) => number, add: AddProblem): void {
  for (const t of tokens) {
    if (!t.unterminated) continue;
    const what = t.kind === 'dollar-string' ? `dollar-quoted body ${dollarTagAt(text, t.start)}` : TOKEN_NAMES[t.kind];
    add(
      lineAt(t.start),
      `${what} is never closed`,
      'Close it; until it is closed, everything after it (section markers included) is read as part of it.',
    );
  }
  const nul = text.indexOf('\0');
  if (nul !== -1) {
    add(lineAt(nul), 'the file contains a NUL character', 'Remove it: PostgreSQL does not accept NUL characters in SQL text.');
  }
}

/**
 * Lines that are whole `--` comments, leaving out lines that begin inside a string, quoted
 * identifier, dollar-quoted body or block comment: a marker-looking line there is data.
 */
function topLevelCommentLines(lines: string[], lineStarts: number[], tokens: SqlToken[]): CommentLine[] {
  const inside = new Set<number>();
  for (const t of tokens) {
    if (t.kind === 'whitespace' || t.kind === 'line-comment') continue;
    for (let l = lineOfIndex(lineStarts, t.start) + 1; l <= lines.length && lineStarts[l - 1] < t.end; l++) {
      inside.add(l);
    }
  }
  const comments: CommentLine[] = [];
  lines.forEach((raw, index) => {
    const text = raw.trim();
    if (text.startsWith('--') && !inside.has(index + 1)) comments.push({ line: index + 1, text });
  });
  return comments;
}

function checkMarkers(ups: Marker[], downs: Marker[], comments: CommentLine[], add: AddProblem): void {
  const up = ups[0];
  if (!up) {
    const nearMiss = lookalike(comments, 'up');
    add(
      null,
      'there is no UP marker line' + notAMarker(nearMiss),
      `Put a line "${MARKER_EXAMPLE.up}" before the forward SQL.`,
    );
  }
  for (const extra of ups.slice(1)) {
    add(extra.line, `second UP marker (the first is on line ${ups[0].line})`, 'A file holds one UP section: remove this marker or move this SQL to a new migration.');
  }
  for (const extra of downs.slice(1)) {
    add(extra.line, `second DOWN marker (the first is on line ${downs[0].line})`, 'A file holds one DOWN section: merge the two DOWN sections into one.');
  }
  if (up && downs[0] && downs[0].line < up.line) {
    add(downs[0].line, `the DOWN marker comes before the UP marker (line ${up.line})`, 'Put the UP section first and the DOWN section after it.');
  }
}

function notAMarker(lookalike: CommentLine | undefined): string {
  return lookalike ? ` (line ${lookalike.line}, "${lookalike.text}", is not one: a marker has at least three "=" on each side)` : '';
}

/** A comment such as `-- UP` or `-- === DOWN` that was probably meant as a marker. */
function lookalike(comments: CommentLine[], kind: Marker['kind']): CommentLine | undefined {
  return comments.find((c) => !MARKER.test(c.text) && c.text.replace(/[-=#*\s]/g, '').toLowerCase() === kind);
}

function checkHeaderIsComments(
  text: string,
  tokens: SqlToken[],
  headerEnd: number,
  lineAt: (offset: number) => number,
  add: AddProblem,
): void {
  const first = tokens.find((t) => t.start < headerEnd && !['whitespace', 'line-comment', 'block-comment'].includes(t.kind));
  if (!first) return;
  const lineEnd = text.indexOf('\n', first.start);
  const lineText = text.slice(first.start, lineEnd === -1 ? undefined : lineEnd).trim();
  add(
    lineAt(first.start),
    `text before the UP marker is not a comment: "${lineText.length > 60 ? lineText.slice(0, 57) + '...' : lineText}"`,
    'Only comments (such as "-- Author: …") may come before the UP marker: move SQL below it.',
  );
}

function readHeader(
  comments: CommentLine[],
  fileVersion: number | null,
  folder: Scope | null,
  add: AddProblem,
): Record<string, string> {
  const header: Record<string, string> = {};
  const seenOn: Record<string, number> = {};
  for (const c of comments) {
    const m = HEADER_LINE.exec(c.text);
    if (!m) continue;
    const key = m[1].toLowerCase();
    const value = m[2];
    const label = key[0].toUpperCase() + key.slice(1);
    if (key in seenOn) {
      add(c.line, `the header has "${label}:" twice (also on line ${seenOn[key]})`, `Keep one "-- ${label}:" line.`);
      continue;
    }
    seenOn[key] = c.line;
    header[key] = value;

    if (key === 'version') {
      if (!/^\d+$/.test(value)) {
        add(c.line, `header "Version: ${value}" is not a number`, 'Write the version as digits, the same as the file name, e.g. "-- Version: 003".');
      } else if (fileVersion !== null && BigInt(value) !== BigInt(fileVersion)) {
        add(
          c.line,
          `header says version ${BigInt(value)} but the file name says ${fileVersion}`,
          `Make them agree: change the header to "-- Version: ${String(fileVersion).padStart(3, '0')}", or rename the file.`,
        );
      }
    }
    if (key === 'scope' && folder !== null && value.toLowerCase() !== folder) {
      add(
        c.line,
        `header says scope "${value}" but the file is in ${folder}/`,
        `Make them agree: change the header to "-- Scope: ${folder}", or move the file to the folder the header names.`,
      );
    }
  }
  return header;
}

function readSection(
  lines: string[],
  marker: Marker,
  markers: Marker[],
  noTransactionLines: number[],
  add: AddProblem,
): Section {
  const next = markers.find((m) => m.line > marker.line);
  // Trailing whitespace is dropped so that a final newline (or its absence) is not an edit.
  const sql = lines.slice(marker.line, next ? next.line - 1 : lines.length).join('\n').trimEnd();
  const noTransaction = noTransactionLines.length > 0;
  const statements = countStatements(sql);
  if (noTransaction && statements > 1) {
    add(
      noTransactionLines[0],
      `the ${marker.kind.toUpperCase()} section is marked no-transaction but holds ${statements} statements`,
      'A no-transaction section must hold exactly one statement (several statements sent together run as one ' +
        'implicit transaction): move the others to a migration of their own.',
    );
  }
  return { sql, checksum: checksumOf(sql), startLine: marker.line + 1, noTransaction };
}
