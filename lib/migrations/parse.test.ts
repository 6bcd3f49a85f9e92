import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checksumOf, firstInvalidUtf8Byte, MAX_VERSION, normaliseText, parseMigrationFile, type ParseResult } from './parse';
import type { FileProblem, Migration } from './types';

const UP = '-- ==================== UP ====================';
const DOWN = '-- ==================== DOWN ====================';

/** A file from its lines, so that line N of the file is argument N. */
const lines = (...l: string[]) => l.join('\n');

function parse(content: string | Uint8Array, file = 'tenant/003_add_budgets.sql'): ParseResult {
  const [folder, fileName] = file.split('/');
  return parseMigrationFile({ file, folder, fileName, content });
}

function parsed(content: string | Uint8Array, file?: string): Migration {
  const result = parse(content, file);
  if (!result.ok) throw new Error(`expected a migration, got ${JSON.stringify(result.problems, null, 2)}`);
  return result.migration;
}

function problemsOf(content: string | Uint8Array, file?: string): FileProblem[] {
  const result = parse(content, file);
  if (result.ok) throw new Error('expected problems, the file parsed');
  return result.problems;
}

/** [line, message] pairs: what most tests assert. */
const summary = (content: string | Uint8Array, file?: string) => problemsOf(content, file).map((p) => [p.line, p.message]);

const sha256 = (text: string) => createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex');

const GOOD = lines(
  '-- Migration: 003_add_budgets', // 1
  '-- Version: 003',
  '-- Description: Add budgets',
  '-- Author: ana@example.com',
  '-- Date: 2025-12-13', // 5
  '-- Scope: tenant',
  '',
  UP, // 8
  '-- Applied when migrating forward',
  '', // 10
  'CREATE TABLE IF NOT EXISTS budgets (id serial PRIMARY KEY);',
  '',
  DOWN, // 13
  'DROP TABLE IF EXISTS budgets;',
  '',
);

describe('parseMigrationFile: a valid file', () => {
  it('gives the migration with its sections, lines, checksums and header', () => {
    const m = parsed(GOOD);
    const upSql = '-- Applied when migrating forward\n\nCREATE TABLE IF NOT EXISTS budgets (id serial PRIMARY KEY);';
    expect(m).toEqual({
      version: 3,
      name: '003_add_budgets',
      description: 'add_budgets',
      scope: 'tenant',
      file: 'tenant/003_add_budgets.sql',
      up: { sql: upSql, checksum: sha256(upSql), startLine: 9, noTransaction: false },
      down: { sql: 'DROP TABLE IF EXISTS budgets;', checksum: sha256('DROP TABLE IF EXISTS budgets;'), startLine: 14, noTransaction: false },
      irreversible: false,
      header: {
        migration: '003_add_budgets',
        version: '003',
        description: 'Add budgets',
        author: 'ana@example.com',
        date: '2025-12-13',
        scope: 'tenant',
      },
    });
  });

  it('needs no header, and keeps header keys lower-case', () => {
    const m = parsed(lines('-- VERSION: 3', '-- scope: TENANT', '-- just a note: not a key', UP, 'SELECT 1;', DOWN, 'SELECT 2;'));
    expect(m.header).toEqual({ version: '3', scope: 'TENANT' });
    expect(parsed(lines(UP, 'SELECT 1;', DOWN, 'SELECT 2;')).header).toEqual({});
  });

  it('accepts block comments and blank lines before the UP marker', () => {
    const m = parsed(lines('/* A long', '   explanation; with a semicolon */', '', UP, 'SELECT 1;', DOWN, 'SELECT 2;'));
    expect(m.up.startLine).toBe(5);
  });

  it('accepts markers with any run of = (at least 3), any case and surrounding spaces', () => {
    const m = parsed(lines('   --   ===  up  ===   ', 'SELECT 1;', '--======Down=========', 'SELECT 2;'));
    expect([m.up.sql, m.down?.sql]).toEqual(['SELECT 1;', 'SELECT 2;']);
  });

  it('reads version and description from any file name of the form {digits}_{description}.sql', () => {
    const m = parsed(GOOD.replace('-- Version: 003', '-- Version: 7').replace('-- Scope: tenant', '-- Scope: both'), 'both/0007_add-budgets_V2.sql');
    expect([m.version, m.name, m.description, m.scope]).toEqual([7, '0007_add-budgets_V2', 'add-budgets_V2', 'both']);
  });
});

describe('normaliseText and checksums', () => {
  it('removes a leading BOM and turns CRLF and lone CR into LF', () => {
    expect(normaliseText('\uFEFFa\r\nb\rc\n\r\n')).toBe('a\nb\nc\n\n');
    expect(normaliseText('a\uFEFFb')).toBe('a\uFEFFb');
  });

  it('checksumOf is the SHA-256 hex of the UTF-8 text', () => {
    expect(checksumOf('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(checksumOf('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(checksumOf('é')).toBe(sha256('é'));
  });

  it('gives a CRLF file the same sections, lines and checksums as the LF file', () => {
    const lf = parsed(GOOD);
    expect(parsed(GOOD.replace(/\n/g, '\r\n'))).toEqual(lf);
  });

  it('gives a lone-CR file the same sections, lines and checksums as the LF file', () => {
    expect(parsed(GOOD.replace(/\n/g, '\r'))).toEqual(parsed(GOOD));
  });

  it('ignores a BOM, whether given as text or as bytes', () => {
    const lf = parsed(GOOD);
    expect(parsed('\uFEFF' + GOOD)).toEqual(lf);
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(GOOD.replace(/\n/g, '\r\n'))]);
    expect(parsed(bytes)).toEqual(lf);
  });

  it('does not count trailing blank lines or a missing final newline as an edit', () => {
    const lf = parsed(GOOD);
    expect(parsed(GOOD.trimEnd())).toEqual(lf);
    expect(parsed(GOOD + '\n\n   \n')).toEqual(lf);
  });

  it('changes the checksum when the SQL changes', () => {
    const edited = parsed(GOOD.replace('id serial', 'id bigserial'));
    const lf = parsed(GOOD);
    expect(edited.up.checksum).not.toBe(lf.up.checksum);
    expect(edited.down?.checksum).toBe(lf.down?.checksum);
  });
});

describe('parseMigrationFile: section markers', () => {
  it('requires an UP marker', () => {
    expect(summary(lines('CREATE TABLE t (id int);', DOWN, 'DROP TABLE t;'))).toEqual([[null, 'there is no UP marker line']]);
  });

  it('points at a comment that looks like a marker but is not one', () => {
    expect(summary(lines('-- UP', 'CREATE TABLE t (id int);', '-- DOWN', 'DROP TABLE t;'))).toEqual([
      [null, 'there is no UP marker line (line 1, "-- UP", is not one: a marker has at least three "=" on each side)'],
      [null, 'there is no DOWN marker line (line 3, "-- DOWN", is not one: a marker has at least three "=" on each side)'],
    ]);
  });

  it('rejects text before the UP marker that is not a comment, at its line', () => {
    const problems = problemsOf(lines('-- Scope: tenant', '', 'SET search_path = app;', UP, 'SELECT 1;', DOWN, 'SELECT 2;'));
    expect(problems).toEqual([
      {
        file: 'tenant/003_add_budgets.sql',
        line: 3,
        message: 'text before the UP marker is not a comment: "SET search_path = app;"',
        hint: 'Only comments (such as "-- Author: …") may come before the UP marker: move SQL below it.',
      },
    ]);
  });

  it('rejects two UP markers at the second one', () => {
    expect(summary(lines(UP, 'SELECT 1;', UP, 'SELECT 2;', DOWN, 'SELECT 3;'))).toEqual([[3, 'second UP marker (the first is on line 1)']]);
  });

  it('rejects two DOWN markers at the second one', () => {
    expect(summary(lines(UP, 'SELECT 1;', DOWN, 'SELECT 2;', '', DOWN, 'SELECT 3;'))).toEqual([[6, 'second DOWN marker (the first is on line 3)']]);
  });

  it('rejects a DOWN marker before the UP marker', () => {
    expect(summary(lines('-- Scope: tenant', DOWN, 'DROP TABLE t;', UP, 'CREATE TABLE t (id int);'))).toEqual([
      [2, 'the DOWN marker comes before the UP marker (line 4)'],
    ]);
  });

  it('rejects an UP section holding only whitespace and comments, at the UP marker', () => {
    const problems = problemsOf(lines('-- Scope: tenant', UP, '  ', '-- nothing yet', '/* still; nothing */', DOWN, 'SELECT 2;'));
    expect(problems).toEqual([
      { file: 'tenant/003_add_budgets.sql', line: 2, message: 'the UP section is empty', hint: 'Write the forward SQL below the UP marker line.' },
    ]);
  });

  it('does not take a marker-looking line inside a dollar-quoted body or a comment for a marker', () => {
    const m = parsed(
      lines(
        UP, // 1
        'DO $$',
        'BEGIN',
        DOWN, // 4: inside the body
        '  RAISE NOTICE $msg$a; b$msg$;',
        'END',
        '$$;',
        '/*',
        DOWN, // 9: inside a comment
        '*/',
        DOWN, // 11
        'SELECT 1;',
      ),
    );
    expect(m.up.sql.split('\n')).toHaveLength(9);
    expect(m.down).toMatchObject({ sql: 'SELECT 1;', startLine: 12 });
  });

  it('reports a string that is never closed, which hides the markers after it', () => {
    expect(summary(lines('-- Scope: tenant', UP, "INSERT INTO t VALUES ('it's');", DOWN, 'DELETE FROM t;'))).toEqual([
      [null, 'there is no DOWN marker line'],
      [3, 'quoted string is never closed'],
    ]);
  });

  it('reports unterminated dollar bodies, identifiers and comments by line', () => {
    expect(summary(lines(UP, 'SELECT 1;', DOWN, 'SELECT 2;', '$fn$ body'))).toEqual([[5, 'dollar-quoted body $fn$ is never closed']]);
    expect(summary(lines(UP, 'SELECT "a;', DOWN, 'x;'))).toEqual([
      [null, 'there is no DOWN marker line'],
      [2, 'double-quoted identifier is never closed'],
    ]);
    expect(summary(lines('/* header', UP, 'SELECT 1;', DOWN, 'SELECT 2;'))).toEqual([
      [null, 'there is no UP marker line'],
      [null, 'there is no DOWN marker line'],
      [1, '/* comment is never closed'],
    ]);
  });

  it('rejects a NUL character', () => {
    expect(summary(lines(UP, 'SELECT 1;', DOWN, 'SELECT\0 2;'))).toEqual([[4, 'the file contains a NUL character']]);
  });
});

describe('parseMigrationFile: DOWN and irreversible', () => {
  it('requires a DOWN section', () => {
    const problems = problemsOf(lines(UP, 'CREATE TABLE t (id int);'));
    expect(problems).toEqual([
      {
        file: 'tenant/003_add_budgets.sql',
        line: null,
        message: 'there is no DOWN marker line',
        hint:
          `Every migration must be reversible: add a "${DOWN}" section with SQL that undoes the UP section, ` +
          'or, if it truly cannot be undone, add a line "-- fastmigrate:irreversible".',
      },
    ]);
  });

  it('rejects an empty DOWN section at its marker', () => {
    expect(summary(lines(UP, 'CREATE TABLE t (id int);', '', DOWN, '-- todo', ''))).toEqual([[4, 'the DOWN section is empty']]);
  });

  it('accepts an irreversible file without DOWN, or with an empty one, and gives down = null', () => {
    const without = parsed(lines('-- fastmigrate:irreversible', UP, 'DROP TABLE old_data;'));
    expect([without.irreversible, without.down]).toEqual([true, null]);
    const empty = parsed(lines(UP, 'DROP TABLE old_data;', DOWN, '-- FastMigrate: Irreversible', ''));
    expect([empty.irreversible, empty.down]).toEqual([true, null]);
  });

  it('keeps the DOWN SQL of an irreversible file that has some', () => {
    const m = parsed(lines(UP, '-- fastmigrate:irreversible', 'DROP TABLE a;', DOWN, 'CREATE TABLE a (id int);'));
    expect(m.irreversible).toBe(true);
    expect(m.down?.sql).toBe('CREATE TABLE a (id int);');
  });

  it('does not read a directive inside a dollar-quoted body', () => {
    expect(summary(lines(UP, 'SELECT $$', '-- fastmigrate:irreversible', '$$;'))).toEqual([[null, 'there is no DOWN marker line']]);
  });

  it('rejects an unknown directive', () => {
    expect(summary(lines(UP, '-- fastmigrate:no-transactions', 'SELECT 1;', DOWN, 'SELECT 2;'))).toEqual([
      [2, 'unknown directive "-- fastmigrate:no-transactions"'],
    ]);
  });
});

describe('parseMigrationFile: no-transaction', () => {
  it('marks only the section that holds the directive', () => {
    const m = parsed(lines(UP, '-- fastmigrate:no-transaction', 'CREATE INDEX CONCURRENTLY i ON t (a);', DOWN, 'DROP INDEX i;'));
    expect([m.up.noTransaction, m.down?.noTransaction]).toEqual([true, false]);
    expect(m.up.sql).toBe('-- fastmigrate:no-transaction\nCREATE INDEX CONCURRENTLY i ON t (a);');
    const d = parsed(lines(UP, 'CREATE INDEX i ON t (a);', DOWN, '--fastmigrate: NO-TRANSACTION', 'DROP INDEX CONCURRENTLY i;'));
    expect([d.up.noTransaction, d.down?.noTransaction]).toEqual([false, true]);
  });

  it('in the header marks both sections', () => {
    const m = parsed(lines('-- fastmigrate:no-transaction', UP, 'CREATE INDEX CONCURRENTLY i ON t (a);', DOWN, 'DROP INDEX CONCURRENTLY i;'));
    expect([m.up.noTransaction, m.down?.noTransaction]).toEqual([true, true]);
  });

  it('rejects two statements in a no-transaction section, at the directive line', () => {
    const problems = problemsOf(
      lines(
        UP, // 1
        'CREATE INDEX CONCURRENTLY a ON t (a);',
        '-- fastmigrate:no-transaction', // 3
        "CREATE INDEX CONCURRENTLY b ON t (b) WHERE c = 'x;y';",
        DOWN, // 5
        'DROP INDEX a; DROP INDEX b;',
      ),
    );
    expect(problems).toEqual([
      {
        file: 'tenant/003_add_budgets.sql',
        line: 3,
        message: 'the UP section is marked no-transaction but holds 2 statements',
        hint:
          'A no-transaction section must hold exactly one statement (several statements sent together run as one ' +
          'implicit transaction): move the others to a migration of their own.',
      },
    ]);
  });

  it('checks each section against the header directive, naming the header line', () => {
    expect(summary(lines('-- fastmigrate:no-transaction', UP, 'CREATE INDEX CONCURRENTLY i ON t (a);', DOWN, 'DROP INDEX i;', 'SELECT 1;'))).toEqual([
      [1, 'the DOWN section is marked no-transaction but holds 2 statements'],
    ]);
  });

  it('counts a DO block with semicolons as one statement', () => {
    const m = parsed(lines(UP, '-- fastmigrate:no-transaction', 'DO $body$', 'BEGIN', '  PERFORM 1;', '  PERFORM 2;', 'END', '$body$;', DOWN, 'SELECT 1;'));
    expect(m.up.noTransaction).toBe(true);
  });
});

describe('parseMigrationFile: header', () => {
  it("accepts a Version written with leading zeros ('002' is 2)", () => {
    const m = parsed(lines('-- Version: 002', '-- Scope: host', UP, 'SELECT 1;', DOWN, 'SELECT 2;'), 'host/2_x.sql');
    expect([m.version, m.header.version]).toEqual([2, '002']);
  });

  it('rejects a Version that disagrees with the file name', () => {
    const problems = problemsOf(lines('-- Version: 3', UP, 'SELECT 1;', DOWN, 'SELECT 2;'), 'host/002_x.sql');
    expect(problems).toEqual([
      {
        file: 'host/002_x.sql',
        line: 1,
        message: 'header says version 3 but the file name says 2',
        hint: 'Make them agree: change the header to "-- Version: 002", or rename the file.',
      },
    ]);
  });

  it('rejects a Version that is not a number', () => {
    expect(summary(lines('-- Version: v3', UP, 'SELECT 1;', DOWN, 'SELECT 2;'))).toEqual([[1, 'header "Version: v3" is not a number']]);
  });

  it('rejects a Scope that disagrees with the folder, ignoring case', () => {
    const problems = problemsOf(lines('-- Scope: host', UP, 'SELECT 1;', DOWN, 'SELECT 2;'), 'both/004_x.sql');
    expect(problems).toEqual([
      {
        file: 'both/004_x.sql',
        line: 1,
        message: 'header says scope "host" but the file is in both/',
        hint: 'Make them agree: change the header to "-- Scope: both", or move the file to the folder the header names.',
      },
    ]);
    expect(parsed(lines('-- Scope: Both', UP, 'SELECT 1;', DOWN, 'SELECT 2;'), 'both/004_x.sql').scope).toBe('both');
  });

  it('rejects a header key given twice', () => {
    expect(summary(lines('-- Author: a', '-- author: b', UP, 'SELECT 1;', DOWN, 'SELECT 2;'))).toEqual([
      [2, 'the header has "Author:" twice (also on line 1)'],
    ]);
  });

  it('reads header keys only before the UP marker', () => {
    const m = parsed(lines(UP, '-- Version: 99', 'SELECT 1;', DOWN, 'SELECT 2;'));
    expect(m.header).toEqual({});
  });
});

describe('parseMigrationFile: file names and folders', () => {
  const body = lines(UP, 'SELECT 1;', DOWN, 'SELECT 2;');
  const usage = 'Name migration files {version}_{description}.sql, e.g. 003_add_budgets.sql.';
  it.each([
    ['abc.sql', 'file name "abc.sql" does not start with a version number', 'NNN_abc.sql'],
    ['001.sql', 'file name "001.sql" has no description after the version', '001_description.sql'],
    ['001_.sql', 'file name "001_.sql" has no description after the version', '001_description.sql'],
    ['001-add.sql', 'file name "001-add.sql" does not separate the version from the description with "_"', '001_add.sql'],
    ['001add.sql', 'file name "001add.sql" does not separate the version from the description with "_"', '001_add.sql'],
    ['001_add budgets.sql', 'the description in file name "001_add budgets.sql" may only hold letters, digits, "_" and "-"', '001_add_budgets.sql'],
    ['001_add.SQL', 'file name "001_add.SQL" does not end in ".sql"', '001_add.sql'],
  ])('rejects %s', (fileName, message, suggestion) => {
    expect(problemsOf(body, `tenant/${fileName}`)).toEqual([
      { file: `tenant/${fileName}`, line: null, message, hint: `Rename it, e.g. to ${suggestion}. ${usage}` },
    ]);
  });

  it('takes 64-bit versions such as 14-digit timestamps, up to the largest integer a JavaScript number holds exactly', () => {
    expect(parsed(body, 'tenant/2147483648_x.sql').version).toBe(2147483648);
    expect(parsed(body, 'tenant/20240131120000_create_users.sql').version).toBe(20240131120000);
    expect(parsed(body, 'tenant/1706702400123_create-users.sql').version).toBe(1706702400123);
    expect(parsed(body, 'tenant/9007199254740991_x.sql').version).toBe(Number.MAX_SAFE_INTEGER);
    expect(parsed(body, 'tenant/0009007199254740991_x.sql').version).toBe(Number.MAX_SAFE_INTEGER);
    expect(MAX_VERSION).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('rejects version 0 and versions a JavaScript number cannot hold exactly, saying the range', () => {
    const hint = (suggestion: string) =>
      `Use a version from 1 to 9007199254740991 (the largest whole number a JavaScript number holds exactly). Name migration files {version}_{description}.sql, e.g. ${suggestion}.`;
    expect(problemsOf(body, 'tenant/000_init.sql')).toEqual([
      { file: 'tenant/000_init.sql', line: null, message: 'version 000 in the file name is out of range', hint: hint('003_add_budgets.sql') },
    ]);
    // Just past the bound: 2^53 and 2^53 + 1 (which a number rounds to 2^53).
    expect(summary(body, 'tenant/9007199254740992_x.sql')).toEqual([[null, 'version 9007199254740992 in the file name is out of range']]);
    expect(summary(body, 'tenant/9007199254740993_x.sql')).toEqual([[null, 'version 9007199254740993 in the file name is out of range']]);
    expect(summary(body, 'tenant/20240131120000123_x.sql')).toEqual([[null, 'version 20240131120000123 in the file name is out of range']]);
  });

  it('compares a 64-bit header Version with the file name exactly', () => {
    expect(parsed(lines('-- Version: 20240131120000', UP, 'SELECT 1;', DOWN, 'SELECT 2;'), 'tenant/20240131120000_x.sql').version).toBe(20240131120000);
    expect(summary(lines('-- Version: 20240131120001', UP, 'SELECT 1;', DOWN, 'SELECT 2;'), 'tenant/20240131120000_x.sql')).toEqual([
      [1, 'header says version 20240131120001 but the file name says 20240131120000'],
    ]);
    // A header number beyond 2^53 is told apart from the file name's version.
    expect(summary(lines('-- Version: 9007199254740993', UP, 'SELECT 1;', DOWN, 'SELECT 2;'), 'tenant/9007199254740991_x.sql')).toEqual([
      [1, 'header says version 9007199254740993 but the file name says 9007199254740991'],
    ]);
  });

  it('rejects a folder other than host, tenant and both', () => {
    expect(summary(body, 'tenants/001_x.sql')).toEqual([[null, 'the file is in folder "tenants", which is not a migration folder']]);
  });
});

describe('parseMigrationFile: encoding', () => {
  const latin1 = (text: string) => new Uint8Array([...text].map((c) => c.charCodeAt(0)));

  it('rejects bytes that are not UTF-8, at the line of the first bad byte', () => {
    const bytes = latin1(lines(UP, 'SELECT 1;', "INSERT INTO t VALUES ('café');", DOWN, 'SELECT 2;'));
    const problems = problemsOf(bytes);
    expect(problems).toEqual([
      {
        file: 'tenant/003_add_budgets.sql',
        line: 3,
        message: 'the file is not UTF-8 (invalid byte 0xE9 at byte 84)',
        hint: 'Save the file as UTF-8, e.g. with `iconv -f LATIN1 -t UTF-8`.',
      },
    ]);
  });

  it('counts CRLF and lone CR as one line end when locating the bad byte', () => {
    const content = latin1(`-- a\r\n-- b\r-- \xff\r\n${UP}\r\nSELECT 1;\r${DOWN}\nSELECT 2;`);
    expect(summary(content)).toEqual([[3, 'the file is not UTF-8 (invalid byte 0xFF at byte 14)']]);
  });

  it('says when the file looks like UTF-16', () => {
    const utf16 = new Uint8Array([0xff, 0xfe, 0x2d, 0x00, 0x2d, 0x00]);
    expect(problemsOf(utf16).find((p) => p.message.startsWith('the file is not UTF-8'))?.hint).toBe('Save the file as UTF-8 (it looks like UTF-16), e.g. with `iconv -f LATIN1 -t UTF-8`.');
  });

  it('still reports the other problems of a file that is not UTF-8', () => {
    expect(summary(latin1(lines('-- \xe9', UP, '')))).toEqual([
      [null, 'there is no DOWN marker line'],
      [1, 'the file is not UTF-8 (invalid byte 0xE9 at byte 3)'],
      [2, 'the UP section is empty'],
    ]);
  });

  it('reads UTF-8 bytes the same as the text', () => {
    const text = lines(UP, "INSERT INTO t VALUES ('café 😀');", DOWN, 'DELETE FROM t;');
    expect(parsed(new TextEncoder().encode(text))).toEqual(parsed(text));
  });

  it('firstInvalidUtf8Byte finds overlong, surrogate, out-of-range and truncated sequences', () => {
    expect(firstInvalidUtf8Byte(new TextEncoder().encode('aé😀€'))).toBeNull();
    expect(firstInvalidUtf8Byte(new Uint8Array([0x61, 0xc0, 0x80]))).toBe(1); // overlong
    expect(firstInvalidUtf8Byte(new Uint8Array([0xe0, 0x80, 0x80]))).toBe(0); // overlong
    expect(firstInvalidUtf8Byte(new Uint8Array([0x61, 0xed, 0xa0, 0x80]))).toBe(1); // surrogate
    expect(firstInvalidUtf8Byte(new Uint8Array([0xf4, 0x90, 0x80, 0x80]))).toBe(0); // above U+10FFFF
    expect(firstInvalidUtf8Byte(new Uint8Array([0x61, 0x62, 0xe2, 0x82]))).toBe(2); // truncated
    expect(firstInvalidUtf8Byte(new Uint8Array([0x80]))).toBe(0); // stray continuation byte
  });
});

describe('parseMigrationFile: many problems at once', () => {
  it('reports every problem of the file, whole-file ones first, then by line', () => {
    const content = lines(
      '-- Version: 9', // 1
      '-- Scope: host', // 2
      'SELECT 0;', // 3
      UP, // 4
      '-- fastmigrate:sometimes', // 5
      UP, // 6
      'SELECT 1;',
    );
    expect(summary(content, 'tenant/003-budgets.sql')).toEqual([
      [null, 'file name "003-budgets.sql" does not separate the version from the description with "_"'],
      [null, 'there is no DOWN marker line'],
      [2, 'header says scope "host" but the file is in tenant/'],
      [3, 'text before the UP marker is not a comment: "SELECT 0;"'],
      [4, 'the UP section is empty'],
      [5, 'unknown directive "-- fastmigrate:sometimes"'],
      [6, 'second UP marker (the first is on line 4)'],
    ]);
  });

  it('checks the header Version when the file name is valid, alongside other problems', () => {
    expect(summary(lines('-- Version: 9', UP, DOWN, 'SELECT 1;'))).toEqual([
      [1, 'header says version 9 but the file name says 3'],
      [2, 'the UP section is empty'],
    ]);
  });
});
