// A fleet as fastmigrate_multi.py leaves it: the host's `tenants` table with `dbconnection` URLs
// (passwords included), `_migration_versions` created with that tool's own DDL, its names (the
// description only) and checksums (first 16 hex of SHA-256 of the trimmed section), and a project
// folder whose `.env` holds only the POSTGRES_* variables.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CliResult } from './cli';
import { collect } from './cli';
import { createFleet, migration, PROJECT_ROOT, sql, type Fleet } from './fleet';

/** The reference tool's DDL, verbatim (issue 10). */
export const REFERENCE_DDL = `CREATE TABLE IF NOT EXISTS _migration_versions (
    version INTEGER NOT NULL, name TEXT NOT NULL, scope TEXT NOT NULL, direction TEXT NOT NULL,
    applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP, applied_by TEXT, execution_time_ms INTEGER,
    checksum TEXT NOT NULL, PRIMARY KEY (version, direction));
CREATE INDEX IF NOT EXISTS idx_migration_version_timestamp ON _migration_versions(version DESC, applied_at DESC);`;

export const REFERENCE_SECRET = 'Ref-Tenant-Pass-42';

interface ReferenceMigration {
  file: string;
  version: number;
  description: string;
  up: string;
  down: string;
}

const table = (scope: string, version: number, name: string): ReferenceMigration => ({
  file: `${scope}/${String(version).padStart(3, '0')}_${name}.sql`,
  version,
  description: name,
  up: `CREATE TABLE ${name} (id int);`,
  down: `DROP TABLE ${name};`,
});

export const REFERENCE_MIGRATIONS = {
  host: [table('host', 1, 'plans')],
  tenant: [table('tenant', 1, 'accounts'), table('tenant', 2, 'budgets'), table('tenant', 3, 'tags'), table('tenant', 4, 'notes')],
};

export function referenceChecksumOf(text: string): string {
  return createHash('sha256').update(text.trim(), 'utf8').digest('hex').slice(0, 16);
}

export interface ReferenceEvent {
  version: number;
  direction: 'up' | 'down';
}

export interface ReferenceFleet {
  fleet: Fleet;
  /** The project folder: `.env` (POSTGRES_* only) and `migrations/`. */
  projectDir: string;
  cli: (args: string[]) => Promise<CliResult>;
  /** Tenant id (the tenants table's serial id) by name. */
  tenantId: Record<string, string>;
}

/**
 * `histories`: per tenant name, the steps the reference tool carried out, in order (each one runs
 * its SQL and writes that tool's row, a second apart).
 */
export async function createReferenceFleet(histories: Record<string, ReferenceEvent[]>, hostEvents: ReferenceEvent[]): Promise<ReferenceFleet> {
  const projectDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fm-reference-'));
  const migrationsDir = path.join(projectDir, 'migrations');
  for (const folder of ['host', 'tenant', 'both']) fs.mkdirSync(path.join(migrationsDir, folder), { recursive: true });
  for (const m of [...REFERENCE_MIGRATIONS.host, ...REFERENCE_MIGRATIONS.tenant]) fs.writeFileSync(path.join(migrationsDir, m.file), migration(m.up, m.down));
  const names = Object.keys(histories);
  const fleet = await createFleet({ tenants: names, migrationsDir });
  const host = new URL(fleet.hostUrl);

  await sql(fleet.hostDatabase, 'DROP TABLE tenants');
  await sql(
    fleet.hostDatabase,
    `CREATE TABLE tenants (id serial PRIMARY KEY, name text, dbconnection text, is_active boolean DEFAULT true, tenant_type text DEFAULT 'tenant')`,
  );
  const tenantId: Record<string, string> = {};
  for (const name of names) {
    const url = `postgresql://app_user:${REFERENCE_SECRET}@${host.hostname}:${host.port}/${fleet.tenantDatabase(name)}`;
    const [row] = await sql<{ id: number }>(fleet.hostDatabase, `INSERT INTO tenants (name, dbconnection) VALUES ($1, $2) RETURNING id`, [name, url]);
    tenantId[name] = String(row.id);
  }
  await writeReferenceHistory(fleet.hostDatabase, 'host', hostEvents, REFERENCE_MIGRATIONS.host);
  for (const name of names) await writeReferenceHistory(fleet.tenantDatabase(name), 'tenant', histories[name], REFERENCE_MIGRATIONS.tenant);

  fs.writeFileSync(
    path.join(projectDir, '.env'),
    [
      `POSTGRES_HOST=${host.hostname}`,
      `POSTGRES_PORT=${host.port}`,
      `POSTGRES_USERNAME=${decodeURIComponent(host.username)}`,
      `POSTGRES_PASSWORD=${decodeURIComponent(host.password)}`,
      `POSTGRES_DATABASE=${fleet.hostDatabase}`,
      '',
    ].join('\n'),
  );
  // The tool's own tables' migrations are looked up under the project root (lib/db/host.ts).
  fs.mkdirSync(path.join(projectDir, 'lib', 'db'), { recursive: true });
  fs.symlinkSync(path.join(PROJECT_ROOT, 'lib', 'db', 'drizzle'), path.join(projectDir, 'lib', 'db', 'drizzle'));
  const cli = (args: string[]) => {
    // Only what a user's shell would have: no DATABASE_URL, no POSTGRES_* (they come from .env).
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(POSTGRES_|DATABASE_URL$|MIGRATIONS_DIR$|FASTMIGRATE_)/.test(k)));
    return collect(
      spawn(process.execPath, [path.join(PROJECT_ROOT, 'lib', 'cli', 'bin.mjs'), ...args], {
        cwd: projectDir,
        env: { ...env, NO_COLOR: '1', CI: '1' } as unknown as NodeJS.ProcessEnv,
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
  };
  return { fleet, projectDir, cli, tenantId };
}

async function writeReferenceHistory(database: string, scope: string, events: ReferenceEvent[], migrations: ReferenceMigration[]) {
  await sql(database, REFERENCE_DDL);
  let second = 0;
  for (const { version, direction } of events) {
    const m = migrations.find((x) => x.version === version)!;
    const section = direction === 'up' ? m.up : m.down;
    await sql(database, section);
    await sql(
      database,
      `INSERT INTO _migration_versions (version, name, scope, direction, applied_at, applied_by, execution_time_ms, checksum)
       VALUES ($1, $2, $3, $4, TIMESTAMP '2025-06-01 10:00:00' + make_interval(secs => $5), 'deploy', 12, $6)`,
      [version, m.description, scope, direction, second++, referenceChecksumOf(section)],
    );
  }
}
