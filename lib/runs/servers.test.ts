// Tenants spread over two PostgreSQL servers: per-server bounds, and one server down fails only its tenants.
import path from 'node:path';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quoteIdent, withClient } from '../db/connection';
import { freePort, scratchDir, startEmbeddedPostgres, type EmbeddedServer } from '../db/embedded';
import { runCli, spawnCli, collect } from '../testing/cli';
import { createFleet, migration, sql, writeMigrations, type Fleet } from '../testing/fleet';

let second: EmbeddedServer;
let secondDir: string;
let fleet: Fleet;
const SECOND_PASSWORD = 'second-server-secret';
const remoteTenants = Array.from({ length: 12 }, (_, i) => `remote${i + 1}`);

beforeAll(async () => {
  secondDir = scratchDir('fastmigrate-second');
  second = await startEmbeddedPostgres({ dataDir: path.join(secondDir, 'data'), port: await freePort(), password: SECOND_PASSWORD, persistent: false, unsafeFast: true });
  const dir = writeMigrations({
    'tenant/001_a.sql': migration('CREATE TABLE a (id int);\nSELECT pg_sleep(0.2);', 'DROP TABLE a;'),
    'tenant/002_b.sql': migration('CREATE TABLE b (id int);', 'DROP TABLE b;'),
  });
  fleet = await createFleet({ tenants: 12, migrationsDir: dir });
  await withClient({ connectionString: second.url('postgres') }, async (c) => {
    for (const id of remoteTenants) await c.query(`CREATE DATABASE ${quoteIdent(id)}`);
  });
  await sql(fleet.hostDatabase, `CREATE TABLE remote_tenants (id text, name text, db_name text, db_host text, db_port int)`);
  await sql(fleet.hostDatabase, `INSERT INTO remote_tenants SELECT id, id, id, '127.0.0.1', $2 FROM unnest($1::text[]) id`, [remoteTenants, second.port]);
}, 120_000);

afterAll(async () => {
  await fleet?.drop();
  await second?.stop().catch(() => {});
  fs.rmSync(secondDir, { recursive: true, force: true });
});

function env(): Record<string, string> {
  return {
    ...fleet.env,
    FASTMIGRATE_TENANTS_QUERY: `SELECT id, name, db_name, NULL AS db_host, NULL AS db_port FROM tenants
                                UNION ALL SELECT id, name, db_name, db_host, db_port FROM remote_tenants`,
    FASTMIGRATE_SERVER_URLS: `postgres://postgres:${SECOND_PASSWORD}@127.0.0.1:${second.port}`,
  };
}

/** Our connections to the given databases (other test files share the first server). */
async function maxConnections(url: string, databasePattern: string, during: Promise<unknown>): Promise<number> {
  let max = 0;
  let finished = false;
  void during.finally(() => (finished = true));
  await withClient({ connectionString: url }, async (c) => {
    while (!finished) {
      const { rows } = await c.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'fastmigrate' AND datname LIKE $1`, [
        databasePattern,
      ]);
      max = Math.max(max, rows[0].n);
      await new Promise((r) => setTimeout(r, 20));
    }
  });
  return max;
}

describe('several servers', () => {
  it('migrates tenants on both servers with at most --concurrency connections per server', async () => {
    const run = collect(spawnCli(['migrate', '--tenants-only', '--concurrency', '3', '--json'], env()));
    const [onFirst, onSecond, result] = await Promise.all([
      maxConnections(fleet.hostUrl, `${fleet.prefix}_%`, run),
      maxConnections(second.url('postgres'), 'remote%', run),
      run,
    ]);
    expect(result.code, result.stderr).toBe(0);
    const databases = JSON.parse(result.stdout).databases as Array<{ id: string; status: string }>;
    expect(databases).toHaveLength(24);
    expect(databases.every((d) => d.status === 'applied')).toBe(true);
    // Both servers were busy at once (bounded per server, not overall), and never beyond the bound.
    expect(onFirst).toBeLessThanOrEqual(3);
    expect(onSecond).toBeLessThanOrEqual(3);
    expect(onFirst).toBeGreaterThanOrEqual(2);
    expect(onSecond).toBeGreaterThanOrEqual(2);
    const applied = await withClient({ connectionString: Object.assign(new URL(second.url('remote1'))).toString() }, (c) => c.query('SELECT version FROM _migration_versions ORDER BY id'));
    expect(applied.rows.map((r) => Number(r.version))).toEqual([1, 2]);
  });

  it('a server that goes down fails only its own tenants; the password of either server is never shown', async () => {
    await second.stop();
    const status = await runCli(['status', '--json'], env());
    expect(status.code).toBe(0);
    const states = JSON.parse(status.stdout).databases as Array<{ id: string; state: string }>;
    expect(states.filter((d) => d.id.startsWith('remote')).every((d) => d.state === 'unreachable')).toBe(true);
    expect(states.filter((d) => d.id.startsWith('tenant')).every((d) => d.state === 'up-to-date')).toBe(true);

    const rollback = await runCli(['rollback', '--tenants-only'], env());
    expect(rollback.code).toBe(1);
    expect(rollback.stdout).toMatch(/12 rolled back, 0 unchanged, 12 failed/);
    expect(rollback.stdout).toMatch(/remote1.*ECONNREFUSED/);
    for (const text of [status.stdout, status.stderr, rollback.stdout, rollback.stderr]) {
      expect(text).not.toContain(SECOND_PASSWORD);
      expect(text).not.toContain('test-secret-pw');
    }
  });
});
