import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlParser } from './sql-inspect';
import { convert, problemList, reparse } from './test-helpers';

beforeAll(loadSqlParser);

const file = (...lines: string[]) => lines.join('\n') + '\n';

describe('import dbmate', () => {
  it('splits the migrate:up and migrate:down sections, dropping dbmate\'s own lines, with the 14-digit version kept', () => {
    const r = convert('dbmate', {
      '20240131120000_create_users.sql': file(
        '-- migrate:up',
        'create table users (',
        '  id bigserial primary key,',
        '  email text not null',
        ');',
        '',
        '-- migrate:down',
        'drop table users;',
      ),
    });
    expect(problemList(r)).toEqual([]);
    const [m] = r.migrations;
    expect([m.fileName, m.version, m.notes]).toEqual(['20240131120000_create_users.sql', 20240131120000, []]);
    const parsed = reparse(m);
    expect(parsed.up.sql).toBe('create table users (\n  id bigserial primary key,\n  email text not null\n);');
    expect(parsed.down?.sql).toBe('drop table users;');
    expect(m.content).not.toContain('migrate:');
  });

  it('turns transaction:false on a section line into -- fastmigrate:no-transaction in that section only', () => {
    const r = convert('dbmate', {
      '20240201090000_index_users.sql': file(
        '-- migrate:up transaction:false',
        'create index concurrently users_email on users (email);',
        '',
        '-- migrate:down',
        'drop index users_email;',
      ),
    });
    expect(problemList(r)).toEqual([]);
    const parsed = reparse(r.migrations[0]);
    expect([parsed.up.noTransaction, parsed.down?.noTransaction]).toEqual([true, false]);
    expect(parsed.up.sql.split('\n')[0]).toBe('-- fastmigrate:no-transaction');
    expect(r.migrations[0].notes).toEqual(["up runs outside a transaction (dbmate's transaction:false): marked -- fastmigrate:no-transaction"]);
  });

  it('honours transaction:false on a single statement that could run in a transaction too', () => {
    const r = convert('dbmate', {
      '20240201100000_add_mood.sql': file('-- migrate:up transaction:false', "alter type mood add value 'meh';", '-- migrate:down', 'select 1;'),
    });
    expect(problemList(r)).toEqual([]);
    expect(reparse(r.migrations[0]).up.noTransaction).toBe(true);
  });

  it('keeps several statements marked transaction:false in one transaction, as PostgreSQL ran dbmate\'s single query', () => {
    const r = convert('dbmate', {
      '20240202000000_enum.sql': file(
        '-- migrate:up transaction:false',
        "alter type mood add value 'meh';",
        "alter type mood add value 'great';",
        '-- migrate:down',
        'select 1;',
      ),
    });
    expect(problemList(r)).toEqual([]);
    expect(reparse(r.migrations[0]).up.noTransaction).toBe(false);
    expect(r.migrations[0].notes).toEqual([
      "up: dbmate's transaction:false on 2 statements sent them as one query, which PostgreSQL runs as one implicit transaction: imported as an ordinary section, in one transaction",
    ]);
  });

  it('marks an empty down section irreversible and notes options dbmate ignores', () => {
    const r = convert('dbmate', {
      '20240203000000_backfill.sql': file('-- migrate:up foo:bar', "update users set email = lower(email);", '', '-- migrate:down', ''),
    });
    expect(problemList(r)).toEqual([]);
    expect(reparse(r.migrations[0]).irreversible).toBe(true);
    expect(r.migrations[0].notes).toEqual([
      'option foo:bar on line 1 ignored, as dbmate ignores it',
      'the down section of 20240203000000_backfill.sql holds no SQL (dbmate would roll it back by doing nothing): marked irreversible, so rolling back past it is refused',
    ]);
  });

  it('refuses the files dbmate itself refuses, and one holding two migrations, naming the line', () => {
    const r = convert('dbmate', {
      '1_no_down.sql': file('-- migrate:up', 'select 1;'),
      '2_no_up.sql': file('select 1;'),
      '3_order.sql': file('-- migrate:down', 'select 2;', '-- migrate:up', 'select 1;'),
      '4_before.sql': file('-- a comment is fine', 'create type t as enum (\'a\');', '-- migrate:up', 'select 1;', '-- migrate:down', 'select 2;'),
      '5_twice.sql': file('-- migrate:up', 'select 1;', '-- migrate:down', 'select 2;', '-- migrate:up', 'select 3;', '-- migrate:down', 'select 4;'),
      '6_bad_down.sql': file('-- migrate:up', 'select 1;', '', '-- migrate:down', 'drop tabel x;'),
    });
    expect(problemList(r)).toEqual([
      ['1_no_down.sql', null, 'there is no "-- migrate:down" line'],
      ['2_no_up.sql', null, 'there is no "-- migrate:up" line'],
      ['3_order.sql', 1, '"-- migrate:down" comes before "-- migrate:up"'],
      ['4_before.sql', 2, 'there is SQL before "-- migrate:up"'],
      ['5_twice.sql', 5, 'the file holds more than one up or down section'],
      ['6_bad_down.sql', 5, 'PostgreSQL cannot parse it: syntax error at or near "tabel"'],
    ]);
  });

  it('reads files with CRLF line ends and a BOM', () => {
    const r = convert('dbmate', { '20240204000000_crlf.sql': '\uFEFF-- migrate:up\r\ncreate table a (id int);\r\n-- migrate:down\r\ndrop table a;\r\n' });
    expect(problemList(r)).toEqual([]);
    expect([reparse(r.migrations[0]).up.sql, reparse(r.migrations[0]).down?.sql]).toEqual(['create table a (id int);', 'drop table a;']);
  });

  it('ignores files dbmate does not read and refuses a version used twice', () => {
    const r = convert('dbmate', {
      'schema.sql': 'create table x (id int);',
      'notes.txt': 'hello',
      '20240101000000_a.sql': file('-- migrate:up', 'select 1;', '-- migrate:down', 'select 1;'),
      '20240101000000_b.sql': file('-- migrate:up', 'select 2;', '-- migrate:down', 'select 2;'),
    });
    expect(r.ignored.map((i) => i.file)).toEqual(['notes.txt', 'schema.sql']);
    expect(problemList(r)).toEqual([['20240101000000_b.sql', null, 'version 20240101000000 is used by 2 dbmate migrations: 20240101000000_a.sql, 20240101000000_b.sql']]);
  });
});
