// Pure: a small PostgreSQL lexer, just enough to find statement boundaries and to tell whether a
// position is inside a string, quoted identifier, dollar-quoted body or comment.
// Assumes standard_conforming_strings = on (the default since PostgreSQL 9.1): backslashes escape
// only inside E'...' strings.

export type SqlTokenKind =
  | 'whitespace'
  | 'line-comment'
  | 'block-comment'
  | 'string'
  | 'quoted-identifier'
  | 'dollar-string'
  | 'word'
  | 'semicolon'
  | 'open-paren'
  | 'close-paren'
  | 'other';

export interface SqlToken {
  kind: SqlTokenKind;
  /** 0-based index of the first character (JavaScript string index). */
  start: number;
  /** Index just past the last character. */
  end: number;
  /** The text ended before the closing quote, dollar tag or comment end. */
  unterminated: boolean;
}

export interface SqlStatement {
  start: number;
  /** Just past the statement's terminating semicolon, or past its last token when there is none. */
  end: number;
  text: string;
}

const WHITESPACE = /[ \t\n\r\f\v]/;
// Non-ASCII characters are identifier characters in PostgreSQL, as are `$` and digits after the first.
const WORD_START = /[A-Za-z_\u0080-\uFFFF]/;
const WORD_REST = /[A-Za-z0-9_$\u0080-\uFFFF]*/y;
// `$$` or `$tag$`; a tag cannot start with a digit, so `$1` is a parameter, not a tag.
const DOLLAR_TAG = /\$(?:[A-Za-z_\u0080-\uFFFF][A-Za-z0-9_\u0080-\uFFFF]*)?\$/y;

/** Splits SQL into tokens that cover the whole text, in order. */
export function lexSql(sql: string): SqlToken[] {
  const tokens: SqlToken[] = [];
  const n = sql.length;
  let i = 0;
  const push = (kind: SqlTokenKind, start: number, end: number, unterminated = false) => {
    tokens.push({ kind, start, end, unterminated });
    i = end;
  };

  while (i < n) {
    const start = i;
    const c = sql[i];
    const next = sql[i + 1];

    if (WHITESPACE.test(c)) {
      let end = i + 1;
      while (end < n && WHITESPACE.test(sql[end])) end++;
      push('whitespace', start, end);
    } else if (c === '-' && next === '-') {
      let end = i + 2;
      while (end < n && sql[end] !== '\n' && sql[end] !== '\r') end++;
      push('line-comment', start, end);
    } else if (c === '/' && next === '*') {
      const end = endOfBlockComment(sql, i + 2);
      push('block-comment', start, end ?? n, end === null);
    } else if (c === "'") {
      const end = endOfQuoted(sql, i + 1, "'", false);
      push('string', start, end ?? n, end === null);
    } else if (c === '"') {
      const end = endOfQuoted(sql, i + 1, '"', false);
      push('quoted-identifier', start, end ?? n, end === null);
    } else if (c === '$' && dollarTagAt(sql, i)) {
      const tag = dollarTagAt(sql, i)!;
      const close = sql.indexOf(tag, i + tag.length);
      push('dollar-string', start, close === -1 ? n : close + tag.length, close === -1);
    } else if (WORD_START.test(c)) {
      const end = i + 1 + (matchAt(WORD_REST, sql, i + 1)?.length ?? 0);
      if (end - start === 1 && (c === 'E' || c === 'e') && sql[end] === "'") {
        const stringEnd = endOfQuoted(sql, end + 1, "'", true);
        push('string', start, stringEnd ?? n, stringEnd === null);
      } else {
        push('word', start, end);
      }
    } else if (c === ';') {
      push('semicolon', start, i + 1);
    } else if (c === '(') {
      push('open-paren', start, i + 1);
    } else if (c === ')') {
      push('close-paren', start, i + 1);
    } else {
      push('other', start, i + 1);
    }
  }
  return tokens;
}

/** The `$tag$` (or `$$`) that opens a dollar-quoted body at `index`, if one does. */
export function dollarTagAt(sql: string, index: number): string | undefined {
  return matchAt(DOLLAR_TAG, sql, index);
}

function matchAt(pattern: RegExp, text: string, index: number): string | undefined {
  pattern.lastIndex = index;
  return pattern.exec(text)?.[0];
}

/** Index past the closing quote (a doubled quote is an escaped one), or null when unterminated. */
function endOfQuoted(sql: string, from: number, quote: string, backslashEscapes: boolean): number | null {
  for (let i = from; i < sql.length; i++) {
    const c = sql[i];
    if (backslashEscapes && c === '\\') {
      i++;
    } else if (c === quote) {
      if (sql[i + 1] !== quote) return i + 1;
      i++;
    }
  }
  return null;
}

/** Index past the `*` `/` that closes a comment opened just before `from`; comments nest. */
function endOfBlockComment(sql: string, from: number): number | null {
  let depth = 1;
  let i = from;
  while (i < sql.length) {
    if (sql[i] === '/' && sql[i + 1] === '*') {
      depth++;
      i += 2;
    } else if (sql[i] === '*' && sql[i + 1] === '/') {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else {
      i++;
    }
  }
  return null;
}

const IGNORABLE: ReadonlySet<SqlTokenKind> = new Set(['whitespace', 'line-comment', 'block-comment']);

/**
 * Top-level statements, without empty and comment-only ones. A semicolon ends a statement only
 * outside parentheses and outside a `BEGIN ATOMIC … END` function body (the heuristic psql uses).
 */
export function splitStatements(sql: string): SqlStatement[] {
  const statements: SqlStatement[] = [];
  let start = -1;
  let end = -1;
  let parenDepth = 0;
  let beginDepth = 0;
  let leadingWords: string[] = [];

  const finish = () => {
    if (start >= 0) statements.push({ start, end, text: sql.slice(start, end) });
    start = -1;
    parenDepth = 0;
    beginDepth = 0;
    leadingWords = [];
  };

  for (const token of lexSql(sql)) {
    if (IGNORABLE.has(token.kind)) continue;
    if (token.kind === 'semicolon' && parenDepth === 0 && beginDepth === 0) {
      if (start >= 0) end = token.end;
      finish();
      continue;
    }
    if (start < 0) start = token.start;
    end = token.end;

    if (token.kind === 'open-paren') parenDepth++;
    else if (token.kind === 'close-paren') parenDepth = Math.max(0, parenDepth - 1);
    else if (token.kind === 'word') {
      const word = sql.slice(token.start, token.end).toLowerCase();
      if (leadingWords.length < 4) leadingWords.push(word);
      if (parenDepth === 0 && definesRoutine(leadingWords)) {
        if (word === 'begin') beginDepth++;
        // CASE also closes with END; it matters only inside a BEGIN ATOMIC body.
        else if (word === 'case' && beginDepth > 0) beginDepth++;
        else if (word === 'end' && beginDepth > 0) beginDepth--;
      }
    }
  }
  finish();
  return statements;
}

function definesRoutine(words: string[]): boolean {
  const routine = (w: string | undefined) => w === 'function' || w === 'procedure';
  if (words[0] !== 'create') return false;
  return routine(words[1]) || (words[1] === 'or' && words[2] === 'replace' && routine(words[3]));
}

/** Number of top-level statements, ignoring empty and comment-only ones. */
export function countStatements(sql: string): number {
  return splitStatements(sql).length;
}

/**
 * 1-based line of a 0-based character offset. Characters are Unicode code points, as in the
 * `position` of a PostgreSQL error (1-based: pass `position - 1`); for text without characters
 * outside the Basic Multilingual Plane this equals the JavaScript string index. Offsets past the
 * end give the last line.
 */
export function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  let characters = 0;
  for (const character of text) {
    if (characters >= offset) break;
    if (character === '\n') line++;
    characters++;
  }
  return line;
}
