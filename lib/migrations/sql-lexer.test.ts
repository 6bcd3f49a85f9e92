import { describe, expect, it } from 'vitest';
import { countStatements, lexSql, lineOfOffset, splitStatements } from './sql-lexer';

const kinds = (sql: string) => lexSql(sql).map((t) => [t.kind, sql.slice(t.start, t.end)]);

describe('lexSql', () => {
  it('covers the whole text with tokens in order', () => {
    const sql = "SELECT 'a;b', \"x;y\" FROM t; -- c\n/* d */";
    const tokens = lexSql(sql);
    expect(tokens.map((t) => sql.slice(t.start, t.end)).join('')).toBe(sql);
    tokens.forEach((t, i) => expect(t.start).toBe(i === 0 ? 0 : tokens[i - 1].end));
  });

  it("reads '' inside a string as an escaped quote", () => {
    expect(kinds("'it''s'; x")).toEqual([
      ['string', "'it''s'"],
      ['semicolon', ';'],
      ['whitespace', ' '],
      ['word', 'x'],
    ]);
  });

  it('reads backslash escapes only in E strings', () => {
    expect(kinds("E'a\\'b;'")).toEqual([['string', "E'a\\'b;'"]]);
    expect(kinds("e'\\\\'")).toEqual([['string', "e'\\\\'"]]);
    // Without E a backslash is an ordinary character, so the quote after it closes the string.
    expect(kinds("'a\\';")).toEqual([
      ['string', "'a\\'"],
      ['semicolon', ';'],
    ]);
    // A word ending in e is not an E prefix: type 'literal' syntax.
    expect(kinds("date'x\\'")).toEqual([
      ['word', 'date'],
      ['string', "'x\\'"],
    ]);
  });

  it('reads double-quoted identifiers with "" escapes', () => {
    expect(kinds('"a "" ; b";')).toEqual([
      ['quoted-identifier', '"a "" ; b"'],
      ['semicolon', ';'],
    ]);
  });

  it('reads $$ and $tag$ bodies up to the same tag', () => {
    expect(kinds('$$ a; $x$ b; $$;')).toEqual([
      ['dollar-string', '$$ a; $x$ b; $$'],
      ['semicolon', ';'],
    ]);
    expect(kinds('$fn$ a $$ b; $fn$')).toEqual([['dollar-string', '$fn$ a $$ b; $fn$']]);
  });

  it('does not take $1 for a dollar tag, nor $ inside an identifier', () => {
    expect(kinds('$1;')).toEqual([
      ['other', '$'],
      ['other', '1'],
      ['semicolon', ';'],
    ]);
    expect(kinds('$1$ ; $1$').map(([kind]) => kind)).toEqual(['other', 'other', 'other', 'whitespace', 'semicolon', 'whitespace', 'other', 'other', 'other']);
    expect(kinds('a$b$ ;')).toEqual([
      ['word', 'a$b$'],
      ['whitespace', ' '],
      ['semicolon', ';'],
    ]);
  });

  it('nests block comments and ends line comments at the newline', () => {
    expect(kinds('/* a /* b; */ c; */;')).toEqual([
      ['block-comment', '/* a /* b; */ c; */'],
      ['semicolon', ';'],
    ]);
    expect(kinds("-- it's; here\nx")).toEqual([
      ['line-comment', "-- it's; here"],
      ['whitespace', '\n'],
      ['word', 'x'],
    ]);
  });

  it('marks unterminated strings, bodies and comments', () => {
    for (const sql of ["'abc", 'E\'ab\\\'', '"abc', '$q$ abc $$', '/* a /* b */']) {
      const last = lexSql(`x ${sql}`).at(-1)!;
      expect(last.unterminated, sql).toBe(true);
      expect(last.end).toBe(sql.length + 2);
    }
    expect(lexSql("'abc'").every((t) => !t.unterminated)).toBe(true);
  });
});

describe('countStatements', () => {
  it('counts top-level statements, with or without a final semicolon', () => {
    expect(countStatements('SELECT 1; SELECT 2')).toBe(2);
    expect(countStatements('SELECT 1; SELECT 2;')).toBe(2);
    expect(countStatements('SELECT 1')).toBe(1);
  });

  it('ignores empty and comment-only statements', () => {
    expect(countStatements('')).toBe(0);
    expect(countStatements('  \n ;; ; ')).toBe(0);
    expect(countStatements('-- just a comment;\n/* and; another */ ;')).toBe(0);
    expect(countStatements('SELECT 1;\n-- trailing comment; here\n')).toBe(1);
  });

  it('does not split inside strings, identifiers or comments', () => {
    const sql = `INSERT INTO "a;b" VALUES ('x;y', E'\\';', $$;$$); -- one; two
      /* three; /* nested; */ four; */ SELECT 1;`;
    expect(countStatements(sql)).toBe(2);
  });

  it('does not split a DO block or a function body', () => {
    const sql = `
DO $$
BEGIN
  RAISE NOTICE 'a;b';
  PERFORM 1;
END
$$;
CREATE OR REPLACE FUNCTION f() RETURNS trigger AS $body$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END;
$body$ LANGUAGE plpgsql;
SELECT 3;`;
    expect(splitStatements(sql).map((s) => s.text.split(/\s/)[0])).toEqual(['DO', 'CREATE', 'SELECT']);
  });

  it('does not split inside parentheses or a BEGIN ATOMIC body', () => {
    expect(countStatements('CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2));')).toBe(1);
    const atomic = `CREATE FUNCTION f(x int) RETURNS int LANGUAGE sql
BEGIN ATOMIC
  SELECT CASE WHEN x > 0 THEN 1 ELSE 0 END;
  SELECT x;
END;
CREATE PROCEDURE p() BEGIN ATOMIC INSERT INTO t VALUES (1); END;
BEGIN;
SELECT 1;
END;`;
    expect(splitStatements(atomic).map((s) => s.text.slice(0, 16))).toEqual([
      'CREATE FUNCTION ',
      'CREATE PROCEDURE',
      'BEGIN;',
      'SELECT 1;',
      'END;',
    ]);
  });

  it('gives each statement its range, including the semicolon', () => {
    const sql = '  SELECT 1 ;\n-- c\nSELECT 2';
    expect(splitStatements(sql)).toEqual([
      { start: 2, end: 12, text: 'SELECT 1 ;' },
      { start: 18, end: 26, text: 'SELECT 2' },
    ]);
  });
});

describe('lineOfOffset', () => {
  it('maps a 0-based offset to a 1-based line', () => {
    const text = 'ab\ncd\n\nef';
    expect(lineOfOffset(text, 0)).toBe(1);
    expect(lineOfOffset(text, 2)).toBe(1); // the newline ends line 1
    expect(lineOfOffset(text, 3)).toBe(2);
    expect(lineOfOffset(text, 6)).toBe(3);
    expect(lineOfOffset(text, 7)).toBe(4);
    expect(lineOfOffset(text, 999)).toBe(4);
  });

  it('counts characters as PostgreSQL does, not UTF-16 units', () => {
    // "😀" is one character for PostgreSQL but two JavaScript string units.
    const text = "SELECT '😀'\nFROM nowhere";
    const position = 12; // 1-based: the F of FROM, as PostgreSQL would report it
    expect(lineOfOffset(text, position - 1)).toBe(2);
    expect(lineOfOffset(text, position - 2)).toBe(1);
  });
});
