// Pure: the rows of the tenants query → the tenant databases to work on, and the rows that cannot
// be used (each with its reason, never connected to). DESIGN §4.
import { z } from 'zod';
import type { DatabaseTarget } from '../db/connection';

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

/** Columns with a meaning of their own; every other column the query returns is a label. */
const KNOWN_COLUMNS = new Set(['id', 'name', 'db_name', 'db_host', 'db_port', 'dbconnection', 'is_active', 'tenant_type']);

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
  db_name: z.string().nullish(),
  db_host: z.string().nullish(),
  db_port: z.union([z.number(), z.string()]).nullish(),
  dbconnection: z.string().nullish(),
});

type TenantRow = z.infer<typeof rowSchema>;

export interface RowContext {
  /** Which columns the query returned (labels are the ones without a meaning of their own). */
  columns: readonly string[];
  /** Whether extra columns become labels (the configured query's) or are ignored (the default one's). */
  labels: boolean;
  /** `host:port` of the host database's server, and of the other servers we hold credentials for. */
  hostServer: string;
  knownServers: ReadonlySet<string>;
}

export function tenantsFromRows(rows: readonly Record<string, unknown>[], ctx: RowContext): TenantList {
  const tenants: DatabaseTarget[] = [];
  const invalid: InvalidTenant[] = [];
  const seen = new Set<string>();
  const labelColumns = ctx.labels ? ctx.columns.filter((c) => !KNOWN_COLUMNS.has(c)) : [];
  for (const raw of rows) {
    const parsed = rowSchema.safeParse(raw);
    const id = raw.id === null || raw.id === undefined ? '(no id)' : String(raw.id);
    const name = typeof raw.name === 'string' ? raw.name : id;
    if (!parsed.success) {
      invalid.push({ id, name, problem: `the tenant row is malformed: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` });
      continue;
    }
    const row = parsed.data;
    const placed = placeRow(row, ctx);
    const problem = 'problem' in placed ? placed.problem : idProblem(row.id, seen);
    if (problem) {
      invalid.push({ id: row.id, name, problem });
      continue;
    }
    seen.add(row.id);
    const { database, server } = placed as { database: string; server: DatabaseTarget['server'] };
    tenants.push({ id: row.id, kind: 'tenant', name: row.name ?? row.id, database, server, labels: labelsOf(raw, labelColumns) });
  }
  return { tenants, invalid };
}

function idProblem(id: string, seen: ReadonlySet<string>): string | null {
  if (id === 'host') return 'the tenant id "host" is reserved for the host database';
  if (seen.has(id)) return `the tenant id ${JSON.stringify(id)} appears twice in the tenants query`;
  return null;
}

/** Where a row's database is: its name and server, from db_name/db_host/db_port or the reference's dbconnection URL. */
function placeRow(row: TenantRow, ctx: RowContext): { database: string; server: DatabaseTarget['server'] } | { problem: string } {
  if (row.db_name === null || row.db_name === undefined) {
    if (row.dbconnection) return placeFromConnectionUrl(row.dbconnection, ctx);
    return { problem: 'the tenant row has no db_name (nor a dbconnection URL)' };
  }
  const nameProblem = databaseNameProblem(row.db_name);
  if (nameProblem) return { problem: nameProblem };
  if (row.db_host && !HOST_NAME.test(row.db_host)) return { problem: `db_host ${JSON.stringify(row.db_host)} is not a host name or address` };
  let port = 5432;
  if (row.db_port !== null && row.db_port !== undefined) {
    port = Number(row.db_port);
    if (!Number.isInteger(port) || port < 1 || port > 65535) return { problem: `db_port ${JSON.stringify(row.db_port)} is not a port number` };
  }
  return { database: row.db_name, server: row.db_host ? { host: row.db_host, port } : null };
}

/**
 * The reference tool's `dbconnection` holds a whole postgresql://user:password@host:port/dbname URL.
 * Only the database name is used (the credentials are the host's, from the configuration); a URL
 * that names another server is used only when that server is configured (FASTMIGRATE_SERVER_URLS).
 * Nothing of the URL but the database name and server ever reaches a message.
 */
function placeFromConnectionUrl(text: string, ctx: RowContext): { database: string; server: DatabaseTarget['server'] } | { problem: string } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { problem: 'dbconnection is not a postgresql:// URL' };
  }
  if (!/^postgres(ql)?:$/.test(url.protocol)) return { problem: 'dbconnection is not a postgresql:// URL' };
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  const nameProblem = databaseNameProblem(database);
  if (nameProblem) return { problem: `dbconnection: ${nameProblem}` };
  const host = url.hostname || 'localhost';
  const port = Number(url.port || 5432);
  const server = `${host}:${port}`;
  if (server === ctx.hostServer) return { database, server: null };
  if (ctx.knownServers.has(server)) return { database, server: { host, port } };
  return {
    problem: `dbconnection names the server ${server}, which is not the host database's server (${ctx.hostServer}); add postgres://USER:PASSWORD@${server} to FASTMIGRATE_SERVER_URLS to migrate it`,
  };
}

function labelsOf(raw: Record<string, unknown>, columns: readonly string[]): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const column of columns) {
    const value = raw[column];
    if (value === null || value === undefined) continue;
    labels[column] = value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
  return labels;
}

/**
 * Every (server, database) is one target at most (DESIGN §4): tenant rows that name the same
 * database as another row, or the host database itself, are all invalid — migrating either would
 * apply the tenant stream twice to one database, or to the host.
 */
export function rejectSharedDatabases(list: TenantList, host: DatabaseTarget, serverOf: (t: DatabaseTarget) => string): TenantList {
  const keyOf = (t: DatabaseTarget) => `${serverOf(t)}/${t.database}`;
  const byKey = new Map<string, DatabaseTarget[]>();
  for (const t of list.tenants) byKey.set(keyOf(t), [...(byKey.get(keyOf(t)) ?? []), t]);
  const hostKey = keyOf(host);
  const tenants: DatabaseTarget[] = [];
  const invalid = [...list.invalid];
  for (const t of list.tenants) {
    const others = byKey.get(keyOf(t))!.filter((o) => o.id !== t.id);
    if (keyOf(t) === hostKey) invalid.push({ id: t.id, name: t.name, problem: `its database ${t.database} is the host database: a tenant must have a database of its own` });
    else if (others.length) {
      invalid.push({ id: t.id, name: t.name, problem: `its database ${t.database} is also the database of tenant ${others.map((o) => JSON.stringify(o.id)).join(', ')}: each tenant must have a database of its own` });
    } else tenants.push(t);
  }
  return { tenants, invalid };
}

/** The tenants whose labels include every one of `wanted`. */
export function withLabels<T extends Pick<DatabaseTarget, 'labels'>>(targets: readonly T[], wanted: Readonly<Record<string, string>>): T[] {
  const entries = Object.entries(wanted);
  return targets.filter((t) => entries.every(([k, v]) => t.labels?.[k] === v));
}
