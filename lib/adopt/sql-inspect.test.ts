import { beforeAll, describe, expect, it } from 'vitest';
import { inspectSql, loadSqlParser } from './sql-inspect';

beforeAll(loadSqlParser);

const kinds = (sql: string) => {
  const r = inspectSql(sql);
  if (!r.ok) throw new Error(r.message);
  return r.nonTransactional.map((n) => n.what);
};

describe('inspectSql', () => {
  it.each([
    ['CREATE INDEX CONCURRENTLY i ON t (a)', 'CREATE INDEX CONCURRENTLY'],
    ['CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS i ON t (a)', 'CREATE INDEX CONCURRENTLY'],
    ['DROP INDEX CONCURRENTLY IF EXISTS i', 'DROP INDEX CONCURRENTLY'],
    ['REINDEX INDEX CONCURRENTLY i', 'REINDEX CONCURRENTLY'],
    ['REINDEX (CONCURRENTLY) TABLE t', 'REINDEX CONCURRENTLY'],
    ['REINDEX DATABASE d', 'REINDEX DATABASE/SYSTEM'],
    ['VACUUM (ANALYZE) t', 'VACUUM'],
    ['CLUSTER', 'CLUSTER (all tables)'],
    ['CREATE DATABASE d', 'CREATE DATABASE'],
    ['DROP DATABASE d', 'DROP DATABASE'],
    ['ALTER DATABASE d SET TABLESPACE s', 'ALTER DATABASE SET TABLESPACE'],
    ["CREATE TABLESPACE s LOCATION '/x'", 'CREATE TABLESPACE'],
    ['DROP TABLESPACE s', 'DROP TABLESPACE'],
    ['ALTER SYSTEM SET work_mem = 64', 'ALTER SYSTEM'],
    ["CREATE SUBSCRIPTION s CONNECTION 'x' PUBLICATION p", 'CREATE SUBSCRIPTION'],
    ['ALTER SUBSCRIPTION s REFRESH PUBLICATION', 'ALTER SUBSCRIPTION … REFRESH'],
    ['DROP SUBSCRIPTION s', 'DROP SUBSCRIPTION'],
    ['DISCARD ALL', 'DISCARD ALL'],
    ['ALTER TABLE t DETACH PARTITION p CONCURRENTLY', 'DETACH PARTITION CONCURRENTLY'],
  ])('%s cannot run in a transaction block', (sql, what) => {
    expect(kinds(sql)).toEqual([what]);
  });

  it.each([
    'CREATE INDEX i ON t (a)',
    'ANALYZE t',
    'CLUSTER t USING i',
    'REINDEX TABLE t',
    'REFRESH MATERIALIZED VIEW CONCURRENTLY v',
    "ALTER TYPE mood ADD VALUE 'meh'",
    "CREATE SUBSCRIPTION s CONNECTION 'x' PUBLICATION p WITH (connect = false)",
    'ALTER TABLE t DETACH PARTITION p',
    'DISCARD PLANS',
    'ALTER DATABASE d SET work_mem = 64',
  ])('%s can', (sql) => {
    expect(kinds(sql)).toEqual([]);
  });

  it('counts statements, gives the line of each (after comments), and the line of a syntax error', () => {
    const sql = "SELECT 'é';\n\n-- then the index\nCREATE INDEX CONCURRENTLY i ON t (a);\n";
    expect(inspectSql(sql)).toEqual({ ok: true, statements: 2, nonTransactional: [{ what: 'CREATE INDEX CONCURRENTLY', line: 4 }] });
    expect(inspectSql('-- only a comment\n')).toEqual({ ok: true, statements: 0, nonTransactional: [] });
    expect(inspectSql("SELECT 'é';\nSELEC 1;")).toEqual({ ok: false, message: 'syntax error at or near "SELEC"', line: 2 });
  });
});
