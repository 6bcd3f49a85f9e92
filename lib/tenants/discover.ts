// I/O: tenant discovery (DESIGN §4) — the tenants query on the host database, run read-only, every
// row validated (lib/tenants/rows.ts).
import { loadModule, parseSync } from 'libpg-query';
import type pg from 'pg';
import { ConfigError } from '../config';
import { describeFailure } from '../db/failure';
import { tenantsFromRows, type RowContext, type TenantList } from './rows';

/**
 * The default: the `tenants` table, active rows in id order. It also reads the table the reference
 * tool (fastmigrate_multi.py) left: the database name from its `dbconnection` URL, and only rows
 * whose `tenant_type` (when that column exists) is `tenant`.
 */
export const DEFAULT_TENANTS_QUERY = 'SELECT * FROM tenants WHERE is_active ORDER BY id';

export interface DiscoveryOptions {
  /** FASTMIGRATE_TENANTS_QUERY, or null for the default. */
  tenantsQuery: string | null;
  hostServer: string;
  knownServers: ReadonlySet<string>;
}

export async function discoverTenants(host: pg.Pool, o: DiscoveryOptions): Promise<TenantList> {
  const source = o.tenantsQuery ? 'FASTMIGRATE_TENANTS_QUERY' : 'the default tenants query';
  if (o.tenantsQuery) await checkOneStatement(o.tenantsQuery);
  let result: pg.QueryResult;
  try {
    result = await readOnly(host, o.tenantsQuery ?? DEFAULT_TENANTS_QUERY);
  } catch (error) {
    const failure = describeFailure(error);
    // Not reaching the host at all is the caller's to explain; this is about the query.
    if (failure.kind === 'unreachable' || failure.kind === 'auth-failed') throw error;
    throw new ConfigError(`${source} failed: ${failure.message}`, queryHint(failure.sqlstate, o.tenantsQuery));
  }
  const columns = result.fields.map((f) => f.name);
  const missing = ['id', 'name'].filter((c) => !columns.includes(c));
  if (!columns.includes('db_name') && !columns.includes('dbconnection')) missing.push('db_name');
  if (missing.length) {
    throw new ConfigError(
      `${source} returned the columns ${columns.join(', ') || '(none)'}; it must return id, name and db_name (missing: ${missing.join(', ')})`,
      'alias the columns in the query, e.g. SELECT tenant_id AS id, title AS name, database AS db_name FROM …',
    );
  }
  const rows = o.tenantsQuery || !columns.includes('tenant_type') ? result.rows : result.rows.filter((r) => r.tenant_type === 'tenant');
  const ctx: RowContext = { columns, labels: o.tenantsQuery !== null, hostServer: o.hostServer, knownServers: o.knownServers };
  return tenantsFromRows(rows, ctx);
}

/**
 * Runs the query in a READ ONLY transaction that is rolled back: a tenants query can never change
 * the host database, even by mistake (a `DELETE … RETURNING` fails with 25006).
 */
async function readOnly(host: pg.Pool, query: string): Promise<pg.QueryResult> {
  const client = await host.connect();
  try {
    await client.query('BEGIN READ ONLY');
    return await client.query(query);
  } finally {
    await client.query('ROLLBACK').catch(() => {});
    client.release();
  }
}

/** The query must be one statement. A syntax error is left to the server, which says where it is. */
async function checkOneStatement(query: string): Promise<void> {
  await loadModule();
  let statements: number;
  try {
    statements = parseSync(query).stmts?.length ?? 0;
  } catch {
    return;
  }
  if (statements !== 1) {
    throw new ConfigError(
      `FASTMIGRATE_TENANTS_QUERY holds ${statements === 0 ? 'no statement' : `${statements} statements`}; it must be exactly one`,
      'write one SELECT that returns id, name and db_name (optionally db_host, db_port and label columns), without other statements around it',
    );
  }
}

function queryHint(sqlstate: string | null, tenantsQuery: string | null): string {
  if (sqlstate === '25006') return 'the tenants query must only read: it runs in a READ ONLY transaction (write a SELECT)';
  if (!tenantsQuery && sqlstate === '42P01') return 'create a `tenants` table (id, name, db_name, is_active) in the host database, or set FASTMIGRATE_TENANTS_QUERY';
  if (!tenantsQuery && sqlstate === '42703') return 'the `tenants` table needs id, name, db_name (or dbconnection) and is_active, or set FASTMIGRATE_TENANTS_QUERY';
  return 'fix FASTMIGRATE_TENANTS_QUERY (it must return id, name and db_name, optionally db_host and db_port)';
}
