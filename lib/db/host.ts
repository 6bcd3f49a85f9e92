// The host database: the tenants list and the tool's own tables (schema `fastmigrate`, drizzle).
import path from 'node:path';
import pg from 'pg';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate as applyToolMigrations } from 'drizzle-orm/node-postgres/migrator';
import type { Servers } from './connection';

/** Drizzle over the host database; the tables are defined by the layers that own them (lib/runs, lib/auth). */
export type HostDb = NodePgDatabase<Record<string, unknown>>;

// Serialises set-up of the fastmigrate schema between processes; distinct from the migration lock.
const TOOL_SCHEMA_LOCK_KEY = 7_466_205_331_028_002n;

export class HostDatabase {
  readonly pool: pg.Pool;
  readonly db: HostDb;
  /**
   * The executor's bookkeeping (claims, leases, outcomes, state snapshot) without waiting for the
   * host's WAL flush on every write: four flushes per database would cost more than the migration.
   * Safe, because each database's own history is the durable truth: if the host crashed and lost
   * the last writes, a claim would become claimable again and a rerun would find the work done.
   */
  readonly runLog: HostDb;
  private readonly runLogPool: pg.Pool;
  private ready: Promise<void> | null = null;

  constructor(
    servers: Servers,
    private readonly projectRoot: string,
    maxConnections = 10,
  ) {
    this.pool = new pg.Pool({ ...servers.clientConfig(servers.hostTarget(), 'fastmigrate-host'), max: maxConnections });
    // An idle client dropped by the server must not crash the process.
    this.pool.on('error', () => {});
    this.db = drizzle(this.pool);
    this.runLogPool = new pg.Pool({
      ...servers.clientConfig(servers.hostTarget(), 'fastmigrate-host'),
      options: '-c synchronous_commit=off',
      max: maxConnections,
    });
    this.runLogPool.on('error', () => {});
    this.runLog = drizzle(this.runLogPool);
  }

  /** Creates or upgrades the `fastmigrate` schema once per process. */
  ensureToolSchema(): Promise<void> {
    this.ready ??= this.migrateToolSchema().catch((error) => {
      this.ready = null;
      throw error;
    });
    return this.ready;
  }

  private async migrateToolSchema(): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('SELECT pg_advisory_lock($1)', [TOOL_SCHEMA_LOCK_KEY.toString()]);
      try {
        await applyToolMigrations(drizzle(client), {
          migrationsFolder: path.join(this.projectRoot, 'lib', 'db', 'drizzle'),
          migrationsSchema: 'fastmigrate',
          migrationsTable: '__drizzle_migrations',
        });
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [TOOL_SCHEMA_LOCK_KEY.toString()]);
      }
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.pool.end(), this.runLogPool.end()]);
  }
}
