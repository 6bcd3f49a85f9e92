import { describe, expect, it } from 'vitest';
import type { DatabaseTarget } from '../db/connection';
import { rejectSharedDatabases, tenantsFromRows, withLabels, type RowContext } from './rows';

const ctx = (o: Partial<RowContext> = {}): RowContext => ({
  columns: ['id', 'name', 'db_name'],
  labels: false,
  hostServer: 'db.internal:5432',
  knownServers: new Set(['db.internal:5432', 'db2.internal:5433']),
  ...o,
});

describe('tenantsFromRows', () => {
  it('reads db_name, or the database name of the reference tool’s dbconnection URL — never its credentials', () => {
    const { tenants, invalid } = tenantsFromRows(
      [
        { id: 1, name: 'Acme', dbconnection: 'postgresql://app:s3cret@db.internal:5432/acme_db' },
        { id: 2, name: 'Globex', dbconnection: 'postgresql://app:s3cret@db2.internal:5433/globex_db' },
        { id: 3, name: 'Initech', dbconnection: 'postgresql://app:s3cret@elsewhere:5432/initech' },
        { id: 4, name: 'Broken', dbconnection: 'not a url with s3cret' },
      ],
      ctx({ columns: ['id', 'name', 'dbconnection'] }),
    );
    expect(tenants.map((t) => [t.id, t.database, t.server])).toEqual([
      ['1', 'acme_db', null],
      ['2', 'globex_db', { host: 'db2.internal', port: 5433 }],
    ]);
    expect(invalid.map((t) => t.id)).toEqual(['3', '4']);
    expect(invalid[0].problem).toMatch(/names the server elsewhere:5432, which is not the host database's server.*FASTMIGRATE_SERVER_URLS/);
    expect(JSON.stringify(invalid)).not.toContain('s3cret');
  });

  it('makes the extra columns of a configured query labels, and ignores them for the default query', () => {
    const rows = [{ id: 'a', name: 'A', db_name: 'a', plan: 'pro', region: 'eu', seats: 12, archived_at: null }];
    const columns = ['id', 'name', 'db_name', 'plan', 'region', 'seats', 'archived_at'];
    expect(tenantsFromRows(rows, ctx({ columns, labels: true })).tenants[0].labels).toEqual({ plan: 'pro', region: 'eu', seats: '12' });
    expect(tenantsFromRows(rows, ctx({ columns, labels: false })).tenants[0].labels).toEqual({});
  });
});

describe('rejectSharedDatabases', () => {
  const target = (id: string, database: string, server: DatabaseTarget['server'] = null): DatabaseTarget => ({ id, kind: 'tenant', name: id, database, server });
  const host: DatabaseTarget = { id: 'host', kind: 'host', name: 'host', database: 'main', server: null };
  const serverOf = (t: DatabaseTarget) => (t.server ? `${t.server.host}:${t.server.port}` : 'db.internal:5432');

  it('turns every tenant that shares its database with another tenant, or with the host, into an invalid row', () => {
    const { tenants, invalid } = rejectSharedDatabases(
      {
        tenants: [target('a', 'shared'), target('b', 'shared'), target('c', 'main'), target('d', 'own'), target('e', 'shared', { host: 'db2.internal', port: 5433 })],
        invalid: [],
      },
      host,
      serverOf,
    );
    expect(tenants.map((t) => t.id)).toEqual(['d', 'e']);
    expect(Object.fromEntries(invalid.map((t) => [t.id, t.problem]))).toEqual({
      a: 'its database shared is also the database of tenant "b": each tenant must have a database of its own',
      b: 'its database shared is also the database of tenant "a": each tenant must have a database of its own',
      c: 'its database main is the host database: a tenant must have a database of its own',
    });
  });

  it('treats an explicit db_host naming the host’s own server as that server', () => {
    const { tenants } = rejectSharedDatabases({ tenants: [target('a', 'x'), target('b', 'x', { host: 'db.internal', port: 5432 })], invalid: [] }, host, serverOf);
    expect(tenants).toEqual([]);
  });
});

describe('withLabels', () => {
  it('keeps the tenants that have every label asked for', () => {
    const t = (id: string, labels: Record<string, string>) => ({ id, labels });
    expect(withLabels([t('a', { plan: 'pro', region: 'eu' }), t('b', { plan: 'pro' }), t('c', {})], { plan: 'pro', region: 'eu' }).map((x) => x.id)).toEqual(['a']);
  });
});
