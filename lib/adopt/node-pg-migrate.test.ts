import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlParser } from './sql-inspect';
import { convert, problemList, reparse } from './test-helpers';

beforeAll(loadSqlParser);

describe('import node-pg-migrate', () => {
  it('splits at -- Up Migration / -- Down Migration as node-pg-migrate does, keeping its millisecond timestamp as the version', () => {
    const r = convert('node-pg-migrate', {
      '1706702400000_create-users.sql': '-- Up Migration\nCREATE TABLE users (id serial PRIMARY KEY);\n\n-- Down Migration\nDROP TABLE users;\n',
      // Either order, any case, extra dashes: node-pg-migrate's own marker pattern.
      '1706702500000_add-email.sql': '--- DOWN MIGRATION\nALTER TABLE users DROP COLUMN email;\n--  up migration\nALTER TABLE users ADD COLUMN email text;\n',
    });
    expect(problemList(r)).toEqual([]);
    expect(r.migrations.map((m) => [m.fileName, m.version])).toEqual([
      ['1706702400000_create-users.sql', 1706702400000],
      ['1706702500000_add-email.sql', 1706702500000],
    ]);
    const [users, email] = r.migrations.map((m) => reparse(m));
    expect([users.up.sql, users.down?.sql]).toEqual(['CREATE TABLE users (id serial PRIMARY KEY);', 'DROP TABLE users;']);
    expect([email.up.sql, email.down?.sql]).toEqual(['ALTER TABLE users ADD COLUMN email text;', 'ALTER TABLE users DROP COLUMN email;']);
  });

  it('marks a file without a down section, and one whose down section is empty (its template), irreversible', () => {
    const r = convert('node-pg-migrate', {
      '1706702600000_seed.sql': "INSERT INTO users DEFAULT VALUES;\n",
      '1706702700000_backfill.sql': "-- Up Migration\nUPDATE users SET id = id;\n-- Down Migration",
    });
    expect(problemList(r)).toEqual([]);
    expect(r.migrations.map((m) => [m.fileName, reparse(m).irreversible, m.notes])).toEqual([
      ['1706702600000_seed.sql', true, ['no "-- Down Migration" section (node-pg-migrate refuses to roll it back too): marked irreversible, so rolling back past it is refused']],
      ['1706702700000_backfill.sql', true, ['the down section of 1706702700000_backfill.sql holds no SQL (node-pg-migrate would roll it back by doing nothing): marked irreversible, so rolling back past it is refused']],
    ]);
  });

  it('maps a 17-digit UTC prefix to the milliseconds node-pg-migrate orders it by, and says so', () => {
    const r = convert('node-pg-migrate', { '20240131120000123_utc-named.sql': '-- Up Migration\nSELECT 1;\n-- Down Migration\nSELECT 2;\n' });
    expect(problemList(r)).toEqual([]);
    expect(r.migrations.map((m) => [m.fileName, m.version])).toEqual([['1706702400123_utc-named.sql', Date.UTC(2024, 0, 31, 12, 0, 0, 123)]]);
    expect(r.migrations[0].notes).toEqual(['its 17-digit UTC prefix 20240131120000123 becomes version 1706702400123, the milliseconds node-pg-migrate orders it by']);
  });

  it('reads the .up.sql / .down.sql pairs of its "sql" loader', () => {
    const r = convert('node-pg-migrate', {
      '0001_init.up.sql': 'CREATE TABLE a (id int);',
      '0001_init.down.sql': 'DROP TABLE a;',
      '0002_more.up.sql': 'CREATE TABLE b (id int);',
    });
    expect(problemList(r)).toEqual([]);
    expect(r.migrations.map((m) => [m.fileName, m.sources, reparse(m).irreversible])).toEqual([
      ['0001_init.sql', ['0001_init.up.sql', '0001_init.down.sql'], false],
      ['0002_more.sql', ['0002_more.up.sql'], true],
    ]);
  });

  it('refuses JavaScript and TypeScript migrations, a down marker without an up marker, and names without a number', () => {
    const r = convert('node-pg-migrate', {
      '1706702400000_create-users.js': 'exports.up = (pgm) => { pgm.createTable("users", { id: "id" }); };',
      '1706702500000_typed.ts': 'export async function up(pgm) {}',
      '1706702600000_odd.sql': 'CREATE TABLE x (id int);\n-- Down Migration\nDROP TABLE x;\n',
      'init.sql': '-- Up Migration\nSELECT 1;\n',
      '.eslintrc.json': '{}',
      'notes.md': 'hello',
    });
    expect(problemList(r)).toEqual([
      ['1706702400000_create-users.js', null, 'a JavaScript/TypeScript migration builds its SQL at run time (pgm.createTable(…)); FastMigrate cannot run code'],
      ['1706702500000_typed.ts', null, 'a JavaScript/TypeScript migration builds its SQL at run time (pgm.createTable(…)); FastMigrate cannot run code'],
      ['1706702600000_odd.sql', 2, 'there is a "-- Down Migration" line but no "-- Up Migration" line, so node-pg-migrate runs the whole file as UP, down section included'],
      ['init.sql', null, '"init" does not start with a number, which node-pg-migrate needs to order it'],
    ]);
    expect(r.ignored.map((i) => i.file)).toEqual(['notes.md']);
  });

  it('runs a lone CREATE INDEX CONCURRENTLY outside a transaction (node-pg-migrate would have failed on it)', () => {
    const r = convert('node-pg-migrate', { '1706702800000_idx.sql': '-- Up Migration\nCREATE INDEX CONCURRENTLY i ON users (id);\n-- Down Migration\nDROP INDEX i;\n' });
    expect(problemList(r)).toEqual([]);
    expect([reparse(r.migrations[0]).up.noTransaction, reparse(r.migrations[0]).down?.noTransaction]).toEqual([true, false]);
  });
});
