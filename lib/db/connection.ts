// The one place connections are made. Settings are objects, never URLs pasted together (DESIGN §4).
import pg from 'pg';
import { parse as parseConnectionString } from 'pg-connection-string';
import type { HostConnection } from '../config';
import { NO_CREDENTIALS } from './failure';
import { registerSecret } from '../util/redact';

/** What kind of database a stream is applied to. */
export type DatabaseKind = 'host' | 'tenant';

/** A database the engine works on. Carries no credentials. */
export interface DatabaseTarget {
  /** `host` for the host database, else the tenant id. */
  id: string;
  kind: DatabaseKind;
  name: string;
  database: string;
  /** Set when the tenant lives on another server than the host database. */
  server: { host: string; port: number } | null;
  /** The tenant's labels: the extra columns of the configured tenants query (plan=pro, region=eu). */
  labels?: Record<string, string>;
}

export const HOST_DATABASE_ID = 'host';

interface ServerSettings {
  host: string;
  port: number;
  user?: string;
  password?: string;
  ssl?: pg.ClientConfig['ssl'];
  database?: string;
}

const CONNECT_TIMEOUT_MS = Number(process.env.FASTMIGRATE_CONNECT_TIMEOUT_MS) || 5_000;

function settingsFromUrl(url: string): ServerSettings {
  let parsed;
  try {
    parsed = parseConnectionString(url);
  } catch {
    throw new Error('the database URL cannot be parsed: expected postgres://USER:PASSWORD@HOST:5432/DATABASE');
  }
  registerSecret(parsed.password);
  registerSecret(url);
  return {
    host: parsed.host ?? 'localhost',
    port: Number(parsed.port ?? 5432),
    user: parsed.user,
    password: parsed.password,
    ssl: parsed.ssl as pg.ClientConfig['ssl'],
    database: parsed.database ?? undefined,
  };
}

function registered(settings: ServerSettings): ServerSettings {
  registerSecret(settings.password);
  return settings;
}

/** Knows the credentials of every server and hands out client settings per database. */
export class Servers {
  private readonly hostServer: ServerSettings;
  private readonly others = new Map<string, ServerSettings>();

  constructor(host: HostConnection, serverUrls: readonly string[] = []) {
    this.hostServer = 'url' in host ? settingsFromUrl(host.url) : registered({ ...host.settings });
    for (const url of serverUrls) {
      const settings = settingsFromUrl(url);
      this.others.set(serverKey(settings.host, settings.port), settings);
    }
  }

  get hostDatabaseName(): string {
    return this.hostServer.database ?? this.hostServer.user ?? 'postgres';
  }

  hostTarget(): DatabaseTarget {
    return { id: HOST_DATABASE_ID, kind: 'host', name: 'host', database: this.hostDatabaseName, server: null };
  }

  /** `host:port` of every server we hold credentials for: the host's first. */
  knownServers(): Set<string> {
    return new Set([serverKey(this.hostServer.host, this.hostServer.port), ...this.others.keys()]);
  }

  /** `host:port` of the server a target lives on: the unit that concurrency is bounded by. */
  serverOf(target: DatabaseTarget): string {
    const s = target.server ?? this.hostServer;
    return serverKey(s.host, s.port);
  }

  clientConfig(target: DatabaseTarget, applicationName = 'fastmigrate'): pg.ClientConfig {
    let base = this.hostServer;
    if (target.server) {
      const key = serverKey(target.server.host, target.server.port);
      const known = this.others.get(key);
      if (known) base = known;
      else if (key !== serverKey(this.hostServer.host, this.hostServer.port)) {
        // A tenant row is data: the host's credentials go to the host's server only (DESIGN §4).
        throw Object.assign(new Error(`no credentials for server ${key}: add postgres://USER:PASSWORD@${key} to FASTMIGRATE_SERVER_URLS`), {
          code: NO_CREDENTIALS,
        });
      }
    }
    return {
      host: target.server?.host ?? base.host,
      port: target.server?.port ?? base.port,
      user: base.user,
      password: base.password,
      ssl: base.ssl,
      database: target.database,
      application_name: applicationName,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    };
  }
}

function serverKey(host: string, port: number): string {
  return `${host}:${port}`;
}

export async function connect(config: pg.ClientConfig): Promise<pg.Client> {
  const client = new pg.Client(config);
  // A backend killed under us must not crash the process; the pending query rejects instead.
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    throw error;
  }
  return client;
}

export async function withClient<T>(config: pg.ClientConfig, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = await connect(config);
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

export async function withTransaction<T>(client: pg.Client, fn: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    const result = await fn();
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}

/** Double-quote an identifier for SQL (DESIGN §4: identifiers are always quoted). */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
