// Test fixtures: a fresh host database and tenant databases per test, on the shared test server.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { quoteIdent, withClient } from '../db/connection';
import { Engine } from '../engine';
import { mapBounded } from '../util/concurrency';
import type { Config } from '../config';

export const PROJECT_ROOT = path.resolve(import.meta.dirname, '..', '..');

export function adminUrl(): string {
  return inject('adminUrl');
}

export function urlFor(database: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * bigint columns (`_migration_versions.version` is 64-bit) read as numbers when they fit, as the
 * engine reads them; other types as pg gives them.
 */
export const TEST_TYPES = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === 20 && format !== 'binary'
      ? (value: string) => (Number.isSafeInteger(Number(value)) ? Number(value) : value)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

export async function sql<T extends pg.QueryResultRow = pg.QueryResultRow>(database: string, text: string, params: unknown[] = []): Promise<T[]> {
  return withClient({ connectionString: urlFor(database), types: TEST_TYPES }, async (c) => (await c.query<T>(text, params)).rows);
}

export interface Fleet {
  prefix: string;
  hostDatabase: string;
  hostUrl: string;
  tenantIds: string[];
  tenantDatabase: (id: string) => string;
  migrationsDir: string;
  config: Config;
  /** Environment for a CLI subprocess against this fleet. */
  env: Record<string, string>;
  openEngine: () => Engine;
  drop: () => Promise<void>;
}

export interface FleetOptions {
  tenants: number | string[];
  migrationsDir: string;
  /** Tenant ids listed in the tenants table but whose database is not created. */
  missing?: string[];
}

export async function createFleet(options: FleetOptions): Promise<Fleet> {
  const prefix = `t${randomBytes(4).toString('hex')}`;
  const ids = typeof options.tenants === 'number' ? Array.from({ length: options.tenants }, (_, i) => `tenant${i + 1}`) : options.tenants;
  const hostDatabase = `${prefix}_host`;
  const tenantDatabase = (id: string) => `${prefix}_${id}`;
  const missing = new Set(options.missing ?? []);
  await withClient({ connectionString: adminUrl() }, (admin) => admin.query(`CREATE DATABASE ${quoteIdent(hostDatabase)}`));
  const toCreate = ids.filter((id) => !missing.has(id));
  await mapBounded(toCreate, 4, (id) => withClient({ connectionString: adminUrl() }, (admin) => admin.query(`CREATE DATABASE ${quoteIdent(tenantDatabase(id))}`)));
  await sql(hostDatabase, `CREATE TABLE tenants (id text PRIMARY KEY, name text NOT NULL, db_name text NOT NULL, is_active boolean NOT NULL DEFAULT true)`);
  const listed = [...new Set([...ids, ...missing])];
  await sql(hostDatabase, `INSERT INTO tenants (id, name, db_name) SELECT id, 'Tenant ' || id, $2 || '_' || id FROM unnest($1::text[]) id`, [listed, prefix]);
  const hostUrl = urlFor(hostDatabase);
  const config: Config = {
    host: { url: hostUrl },
    databaseUrlSource: 'DATABASE_URL',
    migrationsDir: options.migrationsDir,
    tenantsQuery: null,
    serverUrls: [],
    projectRoot: PROJECT_ROOT,
  };
  return {
    prefix,
    hostDatabase,
    hostUrl,
    tenantIds: ids,
    tenantDatabase,
    migrationsDir: options.migrationsDir,
    config,
    env: { DATABASE_URL: hostUrl, MIGRATIONS_DIR: options.migrationsDir },
    openEngine: () => Engine.open(config),
    drop: async () => {
      await withClient({ connectionString: adminUrl() }, async (admin) => {
        await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(hostDatabase)} WITH (FORCE)`);
      });
      await mapBounded(ids.map(tenantDatabase), 4, (db) =>
        withClient({ connectionString: adminUrl() }, (admin) => admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(db)} WITH (FORCE)`)),
      );
    },
  };
}

/** Writes a migrations folder from `{ 'tenant/001_x.sql': text }` into a temporary directory. */
export function writeMigrations(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fm-migrations-'));
  for (const folder of ['host', 'tenant', 'both']) fs.mkdirSync(path.join(dir, folder));
  for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), text);
  return dir;
}

/** A minimal valid migration file. */
export function migration(up: string, down: string, directives = ''): string {
  return `-- Description: test\n${directives}\n-- ==================== UP ====================\n${up}\n-- ==================== DOWN ====================\n${down}\n`;
}

/** Applied versions of a database, from its history (latest row per version says up). */
export async function appliedVersions(database: string): Promise<number[]> {
  const [{ exists }] = await sql<{ exists: boolean }>(database, "SELECT to_regclass('_migration_versions') IS NOT NULL AS exists");
  if (!exists) return [];
  const rows = await sql<{ version: number }>(
    database,
    `SELECT version FROM (SELECT DISTINCT ON (version) version, direction FROM _migration_versions ORDER BY version, id DESC) s
      WHERE direction = 'up' ORDER BY version`,
  );
  return rows.map((r) => r.version);
}

/** A text dump of the user schema from the catalog: tables, columns, constraints, indexes, functions, triggers. */
export async function catalogDump(database: string): Promise<string> {
  const rows = await sql<{ line: string }>(
    database,
    `SELECT format('column %s.%s %s %s %s', c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, pg_get_expr(d.adbin, d.adrelid)) AS line
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped AND c.relname <> '_migration_versions'
     UNION ALL
     SELECT format('constraint %s %s', conname, pg_get_constraintdef(oid)) FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conname NOT LIKE '_migration_versions%'
     UNION ALL
     SELECT format('index %s', indexdef) FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_migration_versions'
     UNION ALL
     SELECT format('function %s', pg_get_functiondef(p.oid)) FROM pg_proc p WHERE pronamespace = 'public'::regnamespace
     UNION ALL
     SELECT format('trigger %s', pg_get_triggerdef(oid)) FROM pg_trigger WHERE NOT tgisinternal
     UNION ALL
     SELECT format('type %s', typname) FROM pg_type WHERE typnamespace = 'public'::regnamespace AND typtype IN ('e', 'c', 'd') AND typrelid = 0
     ORDER BY 1`,
  );
  return rows.map((r) => r.line).join('\n');
}
