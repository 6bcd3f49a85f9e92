// Tenant discovery (DESIGN §4): the tenants query on the host database, every row validated.
import type pg from 'pg';
import { z } from 'zod';
import { ConfigError, DEFAULT_TENANTS_QUERY } from './config';
import type { DatabaseTarget } from './db/connection';
import { describeFailure } from './db/failure';

/** A tenant row that cannot be used safely; reported per tenant, never connected to. */
export interface InvalidTenant {
  id: string;
  name: string;
  problem: string;
}

export interface TenantList {
  tenants: DatabaseTarget[];
  invalid: InvalidTenant[];
}

const DATABASE_NAME = /^[A-Za-z0-9_-]+$/;
const HOST_NAME = /^[A-Za-z0-9.-]+$|^\[[0-9A-Fa-f:]+\]$/;

export function databaseNameProblem(name: string): string | null {
  if (!name) return 'the database name is empty';
  if (Buffer.byteLength(name, 'utf8') > 63) return `the database name is ${Buffer.byteLength(name, 'utf8')} bytes long; PostgreSQL allows at most 63`;
  if (!DATABASE_NAME.test(name)) {
    return `the database name ${JSON.stringify(name)} has characters other than letters, digits, "_" and "-"`;
  }
  return null;
}

const rowSchema = z.object({
  id: z.union([z.string(), z.number(), z.bigint()]).transform(String),
  name: z.string().nullish(),
  db_name: z.string(),
  db_host: z.string().nullish(),
  db_port: z.union([z.number(), z.string()]).nullish(),
});

export async function discoverTenants(host: pg.Pool | pg.Client, tenantsQuery: string | null): Promise<TenantList> {
  const query = tenantsQuery ?? DEFAULT_TENANTS_QUERY;
  const source = tenantsQuery ? 'FASTMIGRATE_TENANTS_QUERY' : 'the default tenants query';
  let result: pg.QueryResult;
  try {
    result = await host.query(query);
  } catch (error) {
    const failure = describeFailure(error);
    // Not reaching the host at all is the caller's to explain; this is about the query.
    if (failure.kind === 'unreachable' || failure.kind === 'auth-failed') throw error;
    const hint =
      failure.sqlstate === '42P01' && !tenantsQuery
        ? 'create a `tenants` table (id, name, db_name, is_active) in the host database, or set FASTMIGRATE_TENANTS_QUERY'
        : 'fix FASTMIGRATE_TENANTS_QUERY (it must return id, name and db_name, optionally db_host and db_port)';
    throw new ConfigError(`${source} failed: ${failure.message}`, hint);
  }
  const columns = result.fields.map((f) => f.name);
  const missing = ['id', 'name', 'db_name'].filter((c) => !columns.includes(c));
  if (missing.length) {
    throw new ConfigError(
      `${source} returned the columns ${columns.join(', ') || '(none)'}; it must return id, name and db_name (missing: ${missing.join(', ')})`,
      'alias the columns in the query, e.g. SELECT tenant_id AS id, title AS name, database AS db_name FROM …',
    );
  }

  const tenants: DatabaseTarget[] = [];
  const invalid: InvalidTenant[] = [];
  const seen = new Set<string>();
  for (const raw of result.rows) {
    const parsed = rowSchema.safeParse(raw);
    const id = raw.id === null || raw.id === undefined ? '(no id)' : String(raw.id);
    const name = typeof raw.name === 'string' ? raw.name : id;
    if (!parsed.success) {
      invalid.push({ id, name, problem: `the tenant row is malformed: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` });
      continue;
    }
    const row = parsed.data;
    const problem = tenantProblem(row, seen);
    if (problem) {
      invalid.push({ id: row.id, name, problem });
      continue;
    }
    seen.add(row.id);
    tenants.push({
      id: row.id,
      kind: 'tenant',
      name: row.name ?? row.id,
      database: row.db_name,
      server: row.db_host ? { host: row.db_host, port: Number(row.db_port ?? 5432) } : null,
    });
  }
  return { tenants, invalid };
}

function tenantProblem(row: z.infer<typeof rowSchema>, seen: ReadonlySet<string>): string | null {
  if (row.id === 'host') return 'the tenant id "host" is reserved for the host database';
  if (seen.has(row.id)) return `the tenant id ${JSON.stringify(row.id)} appears twice in the tenants query`;
  const nameProblem = databaseNameProblem(row.db_name);
  if (nameProblem) return nameProblem;
  if (row.db_host && !HOST_NAME.test(row.db_host)) return `db_host ${JSON.stringify(row.db_host)} is not a host name or address`;
  if (row.db_port !== null && row.db_port !== undefined) {
    const port = Number(row.db_port);
    if (!Number.isInteger(port) || port < 1 || port > 65535) return `db_port ${JSON.stringify(row.db_port)} is not a port number`;
  }
  return null;
}
