import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlParser } from './sql-inspect';
import { convert, problemList, reparse } from './test-helpers';

beforeAll(loadSqlParser);

describe('import golang-migrate', () => {
  it('pairs up and down files, keeps the version digits and writes a file our parser reads', () => {
    const r = convert('golang-migrate', {
      '000001_create_users_table.up.sql': 'CREATE TABLE users (id bigserial PRIMARY KEY, email text NOT NULL);\n',
      '000001_create_users_table.down.sql': 'DROP TABLE IF EXISTS users;\n',
    });
    expect(problemList(r)).toEqual([]);
    expect(r.migrations).toHaveLength(1);
    const [m] = r.migrations;
    expect(m).toMatchObject({ version: 1, versionText: '000001', fileName: '000001_create_users_table.sql', notes: [] });
    expect(m.content).toBe(
      [
        '-- Migration: 000001_create_users_table',
        '-- Version: 000001',
        '-- Description: create users table',
        '-- Scope: tenant',
        '-- Imported from golang-migrate: 000001_create_users_table.up.sql, 000001_create_users_table.down.sql',
        '',
        '-- ==================== UP ====================',
        'CREATE TABLE users (id bigserial PRIMARY KEY, email text NOT NULL);',
        '',
        '-- ==================== DOWN ====================',
        'DROP TABLE IF EXISTS users;',
        '',
      ].join('\n'),
    );
    const parsed = reparse(m);
    expect([parsed.version, parsed.up.sql, parsed.down?.sql, parsed.irreversible]).toEqual([
      1,
      'CREATE TABLE users (id bigserial PRIMARY KEY, email text NOT NULL);',
      'DROP TABLE IF EXISTS users;',
      false,
    ]);
  });

  it('takes 14-digit timestamps as versions, orders by version, and marks a migration without a down file irreversible', () => {
    const r = convert('golang-migrate', {
      '20240201090000_add_orders.up.sql': 'CREATE TABLE orders (id int);',
      '20240131120000_create_users.up.sql': 'CREATE TABLE users (id int);',
      '20240131120000_create_users.down.sql': 'DROP TABLE users;',
    });
    expect(problemList(r)).toEqual([]);
    expect(r.migrations.map((m) => [m.fileName, m.version])).toEqual([
      ['20240131120000_create_users.sql', 20240131120000],
      ['20240201090000_add_orders.sql', 20240201090000],
    ]);
    const orders = r.migrations[1];
    expect(orders.notes).toEqual(['no down file (golang-migrate would roll it back by doing nothing): marked irreversible, so rolling back past it is refused']);
    expect(reparse(orders)).toMatchObject({ version: 20240201090000, irreversible: true, down: null });
  });

  it('marks a down file that holds only comments irreversible, and refuses an up file without SQL', () => {
    const r = convert('golang-migrate', {
      '1_a.up.sql': 'CREATE TABLE a (id int);',
      '1_a.down.sql': '-- irreversible: the data is gone\n',
      '2_noop.up.sql': '-- nothing to do here\n',
    });
    expect(problemList(r)).toEqual([['2_noop.up.sql', null, 'the up migration holds no SQL']]);
    expect(r.migrations[0].notes).toEqual([
      'the down section of 1_a.down.sql holds no SQL (golang-migrate would roll it back by doing nothing): marked irreversible, so rolling back past it is refused',
    ]);
    expect(reparse(r.migrations[0]).irreversible).toBe(true);
  });

  it('runs a lone CREATE INDEX CONCURRENTLY outside a transaction, as golang-migrate sends it alone', () => {
    const r = convert('golang-migrate', {
      '3_index.up.sql': '-- speeds up login\nCREATE INDEX CONCURRENTLY users_email ON users (email);\n',
      '3_index.down.sql': 'DROP INDEX CONCURRENTLY IF EXISTS users_email;',
    });
    expect(problemList(r)).toEqual([]);
    const parsed = reparse(r.migrations[0]);
    expect([parsed.up.noTransaction, parsed.down?.noTransaction]).toEqual([true, true]);
    expect(r.migrations[0].notes).toEqual([
      'up runs outside a transaction (CREATE INDEX CONCURRENTLY): marked -- fastmigrate:no-transaction',
      'down runs outside a transaction (DROP INDEX CONCURRENTLY): marked -- fastmigrate:no-transaction',
    ]);
  });

  it('refuses a non-transactional statement among others, naming its line in the source file', () => {
    const r = convert('golang-migrate', {
      '3_index.up.sql': 'ALTER TABLE users ADD COLUMN name text;\n\nCREATE INDEX CONCURRENTLY users_name ON users (name);\n',
    });
    expect(problemList(r)).toEqual([['3_index.up.sql', 3, 'CREATE INDEX CONCURRENTLY cannot run inside a transaction, and this up section holds 2 statements']]);
    expect(r.problems[0].hint).toMatch(/migration of its own/);
  });

  it('refuses SQL PostgreSQL cannot parse, at its line, and text our parser would take for a marker', () => {
    const r = convert('golang-migrate', {
      '1_a.up.sql': 'CREATE TABLE a (id int);\nCREAT TABLE b (id int);\n',
      '2_b.up.sql': 'CREATE TABLE b (id int);\n-- ==================== UP ====================\nSELECT 1;\n',
    });
    expect(problemList(r)).toEqual([
      ['1_a.up.sql', 2, 'PostgreSQL cannot parse it: syntax error at or near "CREAT"'],
      ['2_b.up.sql', 2, '"-- ==================== UP ====================" reads as a FastMigrate section marker'],
    ]);
  });

  it('refuses what golang-migrate could not run or FastMigrate cannot express, and lists what it ignores', () => {
    const r = convert('golang-migrate', {
      '1_a.up.sql': 'SELECT 1;',
      '1_b.up.sql': 'SELECT 2;',
      '2_orphan.down.sql': 'DROP TABLE x;',
      '0_zero.up.sql': 'SELECT 0;',
      '4_seed.alwaysup.sql': 'SELECT 4;',
      'README.md': '# migrations',
      '5_notes.sql': 'SELECT 5;',
    });
    expect(problemList(r)).toEqual([
      ['0_zero.up.sql', null, 'version 0 is 0, and FastMigrate versions start at 1 (0 means "nothing applied")'],
      ['4_seed.alwaysup.sql', null, 'golang-migrate runs an "always" migration on every run; FastMigrate runs each migration once'],
      ['1_b.up.sql', null, 'version 1 is used by 2 golang-migrate migrations: 1_a.up.sql, 1_b.up.sql'],
      ['2_orphan.down.sql', null, 'there is a down file for version 2 but no up file'],
    ]);
    expect(r.ignored.map((i) => i.file)).toEqual(['README.md', '5_notes.sql']);
  });

  it('turns a title with spaces and dots into a file name our parser accepts', () => {
    const r = convert('golang-migrate', { '7_add users.v2.up.sql': 'SELECT 1;' });
    expect(r.migrations.map((m) => m.fileName)).toEqual(['7_add_users_v2.sql']);
    expect(reparse(r.migrations[0]).header.description).toBe('add users.v2');
  });

  it('refuses a file that is not UTF-8', () => {
    const r = convert('golang-migrate', { '1_a.up.sql': new Uint8Array([0x53, 0x45, 0x4c, 0xe9, 0x3b]) });
    expect(problemList(r)).toEqual([['1_a.up.sql', null, 'the file is not UTF-8 (invalid byte at byte 3)']]);
  });
});
