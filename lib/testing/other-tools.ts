// Test fixtures for `import` and the history readers: realistic migration folders of golang-migrate,
// dbmate, Flyway and node-pg-migrate in each tool's documented format, their history tables made the
// way each tool makes them (by the tool itself where it is on npm: dbmate, node-pg-migrate), and the
// reference schema: the original UP files applied the way the tool applies them.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import pg from 'pg';
import { quoteIdent, withClient } from '../db/connection';
import { adminUrl, PROJECT_ROOT, urlFor } from './fleet';

const run = promisify(execFile);

/** A database of its own, dropped by `drop`. */
export async function freshDatabase(prefix = 'tool'): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  await withClient({ connectionString: adminUrl() }, (c) => c.query(`CREATE DATABASE ${quoteIdent(name)}`));
  return {
    name,
    url: urlFor(name),
    drop: () => withClient({ connectionString: adminUrl() }, (c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`)).then(() => {}),
  };
}

export function withDatabase<T>(database: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  return withClient({ connectionString: urlFor(database) }, fn);
}

/** Writes `{ 'name.sql': text }` into a new temporary folder (sub-folders allowed). */
export function writeFolder(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fm-source-'));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

// ---------------------------------------------------------------------------------------------
// The same small product in each tool's format: users, orders with a trigger function, an index
// built CONCURRENTLY, an enum, a backfill that cannot be undone.

const USERS = `CREATE TABLE users (
    id         bigserial PRIMARY KEY,
    email      text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now()
);`;
const ORDERS = `CREATE TABLE orders (
    id         bigserial PRIMARY KEY,
    user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    total      numeric(12,2) NOT NULL CHECK (total >= 0),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();  -- a semicolon inside the body
    RETURN NEW;
END;
$$;

CREATE TRIGGER orders_touch BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION touch_updated_at();`;
const DROP_ORDERS = 'DROP TABLE orders;\nDROP FUNCTION touch_updated_at();';
const INDEX = 'CREATE INDEX CONCURRENTLY orders_user_id ON orders (user_id);';
const DROP_INDEX = 'DROP INDEX CONCURRENTLY IF EXISTS orders_user_id;';
const STATUS = `CREATE TYPE order_status AS ENUM ('open', 'paid', 'shipped');
ALTER TABLE orders ADD COLUMN status order_status NOT NULL DEFAULT 'open';
UPDATE orders SET status = 'paid' WHERE total = 0;`;

/** golang-migrate, as `migrate create -ext sql -seq -digits 6` names files; the last one has no down file. */
export const GOLANG_MIGRATE_FOLDER = {
  '000001_create_users_table.up.sql': USERS + '\n',
  '000001_create_users_table.down.sql': 'DROP TABLE IF EXISTS users;\n',
  '000002_create_orders.up.sql': ORDERS + '\n',
  '000002_create_orders.down.sql': DROP_ORDERS + '\n',
  '000003_index_orders_user_id.up.sql': INDEX + '\n',
  '000003_index_orders_user_id.down.sql': DROP_INDEX + '\n',
  '000004_order_status.up.sql': STATUS + '\n',
  'README.md': '# Migrations\n\nRun with `migrate -path db/migrations -database "$DATABASE_URL" up`.\n',
  'archive/000000_old_schema.up.sql': 'CREATE TABLE legacy (id int);\n',
};

/** dbmate, as `dbmate new` names files (14-digit UTC timestamps); transaction:false for the index. */
export const DBMATE_FOLDER = {
  '20240131120000_create_users.sql': `-- migrate:up\n${USERS}\n\n-- migrate:down\nDROP TABLE users;\n`,
  '20240131120500_create_orders.sql': `-- migrate:up\n${ORDERS}\n\n-- migrate:down\n${DROP_ORDERS}\n`,
  '20240201090000_index_orders_user_id.sql': `-- migrate:up transaction:false\n${INDEX}\n\n-- migrate:down transaction:false\n${DROP_INDEX}\n`,
  '20240215080000_order_status.sql': `-- migrate:up\n${STATUS}\n\n-- migrate:down\n`,
};

/** Flyway with its default prefixes; V3 needs no setting (Flyway runs a lone CONCURRENTLY outside a transaction); V4 has no undo. */
export const FLYWAY_FOLDER = {
  'V1__Create_users.sql': USERS + '\n',
  'U1__Create_users.sql': 'DROP TABLE users;\n',
  'V2__Create_orders.sql': ORDERS + '\n',
  'U2__Create_orders.sql': DROP_ORDERS + '\n',
  'V3__Index_orders_user_id.sql': INDEX + '\n',
  'U3__Index_orders_user_id.sql': DROP_INDEX + '\n',
  'U3__Index_orders_user_id.sql.conf': 'executeInTransaction=false\n',
  'releases/2024/V4__Order_status.sql': STATUS + '\n',
};

/** node-pg-migrate SQL migrations, named as `node-pg-migrate create NAME -j sql` does (milliseconds). */
export const NODE_PG_MIGRATE_FOLDER = {
  '1706702400000_create-users.sql': `-- Up Migration\n${USERS}\n\n-- Down Migration\nDROP TABLE users;\n`,
  '1706702500000_create-orders.sql': `-- Up Migration\n${ORDERS}\n\n-- Down Migration\n${DROP_ORDERS}\n`,
  '1706702600000_order-status.sql': `-- Up Migration\n${STATUS}\n\n-- Down Migration\n`,
};

// ---------------------------------------------------------------------------------------------
// The tools themselves

/**
 * The real dbmate binary, from its Linux package on npm (an optional dependency: the registry this
 * project installs from has only the Linux builds of dbmate's platform packages).
 */
const DBMATE = path.join(PROJECT_ROOT, 'node_modules', '@dbmate', 'linux-x64', 'bin', 'dbmate');

/** The real dbmate binary. */
export async function dbmate(databaseUrl: string, dir: string, args: string[]): Promise<{ stdout: string; stderr: string }> {
  const url = new URL(databaseUrl);
  url.searchParams.set('sslmode', 'disable');
  return run(DBMATE, ['--url', url.toString(), '--migrations-dir', dir, '--no-dump-schema', ...args]);
}

/** The real node-pg-migrate CLI (npm package `node-pg-migrate`). */
export async function nodePgMigrate(databaseUrl: string, dir: string, args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, [path.join(PROJECT_ROOT, 'node_modules', 'node-pg-migrate', 'bin', 'node-pg-migrate.js'), ...args, '--migrations-dir', dir], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
  });
}

/** golang-migrate's postgres driver: its table (ensureVersionTable) and SetVersion (TRUNCATE, then one row). */
export async function golangMigrateSetVersion(client: pg.Client, version: number, dirty: boolean, table = '"public"."schema_migrations"'): Promise<void> {
  await client.query(`CREATE TABLE IF NOT EXISTS ${table} (version bigint not null primary key, dirty boolean not null)`);
  await client.query('BEGIN');
  await client.query(`TRUNCATE ${table}`);
  if (version >= 0 || dirty) await client.query(`INSERT INTO ${table} (version, dirty) VALUES ($1, $2)`, [version, dirty]);
  await client.query('COMMIT');
}

/** Flyway's PostgreSQL history table, as PostgreSQLDatabase.getRawCreateScript creates it. */
export async function createFlywayHistory(client: pg.Client, schema = 'public', table = 'flyway_schema_history'): Promise<string> {
  const qualified = `${quoteIdent(schema)}.${quoteIdent(table)}`;
  await client.query(`CREATE TABLE ${qualified} (
    "installed_rank" INT NOT NULL,
    "version" VARCHAR(50),
    "description" VARCHAR(200) NOT NULL,
    "type" VARCHAR(20) NOT NULL,
    "script" VARCHAR(1000) NOT NULL,
    "checksum" INTEGER,
    "installed_by" VARCHAR(100) NOT NULL,
    "installed_on" TIMESTAMP NOT NULL DEFAULT now(),
    "execution_time" INTEGER NOT NULL,
    "success" BOOLEAN NOT NULL
)`);
  await client.query(`ALTER TABLE ${qualified} ADD CONSTRAINT ${quoteIdent(`${table}_pk`)} PRIMARY KEY ("installed_rank")`);
  await client.query(`CREATE INDEX ${quoteIdent(`${table}_s_idx`)} ON ${qualified} ("success")`);
  return qualified;
}

export interface FlywayRow {
  version: string | null;
  description: string;
  type: string;
  script: string;
  success: boolean;
}

/** Rows as Flyway appends them (installed_rank = next rank, checksum of the script, installed_by the user). */
export async function addFlywayRows(client: pg.Client, qualified: string, rows: FlywayRow[]): Promise<void> {
  for (const r of rows) {
    await client.query(
      `INSERT INTO ${qualified} (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success)
       VALUES ((SELECT coalesce(max(installed_rank), 0) + 1 FROM ${qualified}), $1, $2, $3, $4, $5, current_user, 12, $6)`,
      [r.version, r.description, r.type, r.script, r.type.endsWith('BASELINE') ? null : 1996767037, r.success],
    );
  }
}

/**
 * Each up file sent as golang-migrate's postgres driver sends it: the whole file as one query, with
 * no transaction of its own (PostgreSQL runs a multi-statement query as one implicit transaction).
 */
export async function applyAsGolangMigrate(database: string, folder: Record<string, string>): Promise<void> {
  const ups = Object.keys(folder).filter((f) => /^\d+_.*\.up\.sql$/.test(f)).sort((a, b) => parseInt(a) - parseInt(b));
  await withDatabase(database, async (c) => {
    for (const file of ups) await c.query(folder[file]);
  });
}

/** Each V file as Flyway runs it: in a transaction, except a lone statement PostgreSQL refuses in one. */
export async function applyAsFlyway(database: string, folder: Record<string, string>): Promise<void> {
  const version = (f: string) => Number(/(?:^|\/)V(\d+)__/.exec(f)![1]);
  const scripts = Object.keys(folder).filter((f) => /(?:^|\/)V\d+__.*\.sql$/.test(f)).sort((a, b) => version(a) - version(b));
  await withDatabase(database, async (c) => {
    for (const file of scripts) {
      const text = folder[file];
      await c.query(/CONCURRENTLY/i.test(text) ? text : `BEGIN;\n${text}\nCOMMIT;`);
    }
  });
}
