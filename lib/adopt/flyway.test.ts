import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlParser } from './sql-inspect';
import { convert, problemList, reparse } from './test-helpers';

beforeAll(loadSqlParser);

describe('import Flyway', () => {
  it('makes V files the UP and U files the DOWN; no undo file means irreversible; sub-folders count', () => {
    const r = convert('flyway', {
      'V1__Create_person_table.sql': 'create table PERSON (ID int not null, NAME varchar(100) not null);',
      'U1__Create_person_table.sql': 'drop table PERSON;',
      'release2/V2__Add_people.sql': "insert into PERSON (ID, NAME) values (1, 'Axel');",
    });
    expect(problemList(r)).toEqual([]);
    expect(r.migrations.map((m) => [m.fileName, m.sources])).toEqual([
      ['1_Create_person_table.sql', ['V1__Create_person_table.sql', 'U1__Create_person_table.sql']],
      ['2_Add_people.sql', ['release2/V2__Add_people.sql']],
    ]);
    expect(reparse(r.migrations[0])).toMatchObject({ version: 1, irreversible: false, header: { description: 'Create person table' } });
    expect(reparse(r.migrations[0]).down?.sql).toBe('drop table PERSON;');
    expect(reparse(r.migrations[1])).toMatchObject({ version: 2, irreversible: true, down: null });
    expect(r.migrations[1].notes).toEqual(['no undo migration (U…), so Flyway cannot undo it either: marked irreversible, so rolling back past it is refused']);
  });

  it('keeps zero padding and timestamps, maps 1.0 to 1, and refuses dotted versions with the reason', () => {
    const r = convert('flyway', {
      'V001__init.sql': 'select 1;',
      'V20240131120000__stamp.sql': 'select 2;',
      'V3.0__three.sql': 'select 3;',
      'V3_1__three_one.sql': 'select 31;',
      'V4.2.1__x.sql': 'select 421;',
    });
    expect(r.migrations.map((m) => [m.fileName, m.version])).toEqual([
      ['001_init.sql', 1],
      ['3_three.sql', 3],
      ['20240131120000_stamp.sql', 20240131120000],
    ]);
    expect(problemList(r)).toEqual([
      ['V3_1__three_one.sql', null, 'Flyway version 3.1 has several parts, and FastMigrate versions are single whole numbers'],
      ['V4.2.1__x.sql', null, 'Flyway version 4.2.1 has several parts, and FastMigrate versions are single whole numbers'],
    ]);
    expect(r.problems[0].hint).toMatch(/^No mapping of dotted versions keeps both their order and the plain versions as they are/);
  });

  it('reports repeatable, baseline, callback and Java migrations as not converted, each with its reason', () => {
    const r = convert('flyway', {
      'V1__init.sql': 'select 1;',
      'R__people_view.sql': 'create or replace view people as select 1;',
      'B5__baseline.sql': 'select 5;',
      'afterMigrate.sql': 'analyze;',
      'V6__Java_migration.java': 'class V6 {}',
      'flyway.conf': 'flyway.url=jdbc:postgresql://x',
    });
    expect(problemList(r)).toEqual([
      ['R__people_view.sql', null, 'Flyway re-runs a repeatable migration whenever it changes; FastMigrate runs each migration once, in version order'],
      ['B5__baseline.sql', null, 'a Flyway baseline migration stands in for all the versions up to its own on a new database; FastMigrate has no such migrations'],
      ['afterMigrate.sql', null, 'a Flyway callback runs around Flyway commands; FastMigrate has no callbacks'],
      ['V6__Java_migration.java', null, 'a Java-based Flyway migration is code, which FastMigrate cannot run'],
    ]);
    expect(r.ignored.map((i) => i.file)).toEqual(['flyway.conf']);
  });

  it('refuses placeholders Flyway would replace, at their line, unless replacement is off for the script', () => {
    const r = convert('flyway', {
      'V1__grants.sql': 'create table t (id int);\ngrant select on t to ${reader};\n',
      'V2__literal.sql': "select '${not_a_placeholder}';",
      'V2__literal.sql.conf': 'placeholderReplacement=false\n',
    });
    expect(problemList(r)).toEqual([['V1__grants.sql', 2, 'Flyway replaces the placeholder ${reader} when it runs the script; FastMigrate runs SQL as written']]);
    expect(r.migrations.map((m) => m.fileName)).toEqual(['2_literal.sql']);
  });

  it('reads executeInTransaction=false from the script settings; a lone non-transactional statement goes outside a transaction by itself', () => {
    const r = convert('flyway', {
      'V1__index.sql': 'create index concurrently people_name on people (name);',
      'V2__vacuum.sql': 'vacuum analyze people;',
      'V3__two.sql': 'update people set name = trim(name);\nupdate people set name = lower(name);',
      'V3__two.sql.conf': '# run outside a transaction\nexecuteInTransaction=false\n',
      'V4__mixed.sql': 'update people set name = trim(name);\ncreate index concurrently people_lower on people (lower(name));',
    });
    expect(problemList(r)).toEqual([['V4__mixed.sql', 2, 'CREATE INDEX CONCURRENTLY cannot run inside a transaction, and this up section holds 2 statements']]);
    expect(r.migrations.map((m) => [m.fileName, reparse(m).up.noTransaction])).toEqual([
      ['1_index.sql', true],
      ['2_vacuum.sql', true],
      ['3_two.sql', false],
    ]);
    expect(r.migrations[2].notes).toContain(
      "up: flyway's executeInTransaction=false on 2 statements ran them one by one, each committed on its own: imported as an ordinary section, in one transaction",
    );
  });

  it('refuses script settings it cannot honour, an undo without its migration, and a version used twice', () => {
    const r = convert('flyway', {
      'V1__a.sql': 'select 1;',
      'V1__a.sql.conf': 'encoding=ISO-8859-1\n',
      'V2__b.sql': 'select 2;',
      'V002__c.sql': 'select 2;',
      'U9__gone.sql': 'select 9;',
    });
    expect(problemList(r)).toEqual([
      ['V002__c.sql', null, 'version 2 is used by 2 Flyway migrations: V2__b.sql, V002__c.sql'],
      ['U9__gone.sql', null, 'there is an undo migration for version 9 but no versioned migration'],
      ['V1__a.sql.conf', 1, 'Flyway script setting "encoding=ISO-8859-1" has no FastMigrate equivalent'],
    ]);
  });
});
