// Shared helpers of the fault-injection suite (lib/safety/*.test.ts): real processes, real
// PostgreSQL, and polling of observable server state instead of fixed sleeps.
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { MIGRATION_LOCK_KEY } from '../migrations/lock';
import { collect, spawnCli, type CliResult } from '../testing/cli';
import { sql, urlFor, type Fleet } from '../testing/fleet';

/** The tool's advisory lock keys: the per-database migration lock and the tool-schema set-up lock. */
const OUR_LOCK_KEYS = [MIGRATION_LOCK_KEY, MIGRATION_LOCK_KEY + 1n];

/** Polls `probe` until it returns something truthy; fails with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false> | T | null | undefined | false, timeoutMs = 30_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** A CLI process whose stderr can be watched while it runs. */
export interface RunningCli {
  child: ChildProcess;
  done: Promise<CliResult>;
  stderr: () => string;
  stdout: () => string;
}

export function startCli(args: string[], env: Record<string, string>, cwd?: string): RunningCli {
  const child = spawnCli(args, env, cwd);
  let stderr = '';
  let stdout = '';
  child.stderr!.on('data', (d) => (stderr += d));
  child.stdout!.on('data', (d) => (stdout += d));
  const done = collect(child);
  return { child, done, stderr: () => stderr, stdout: () => stdout };
}

/** Runs the CLI to the end; a process still running after `timeoutMs` is a hang: killed, and the test fails. */
export async function cli(args: string[], env: Record<string, string>, options: { cwd?: string; timeoutMs?: number } = {}): Promise<CliResult> {
  const running = startCli(args, env, options.cwd);
  return finish(running, options.timeoutMs ?? 90_000, `fastmigrate ${args.join(' ')}`);
}

export async function finish(running: RunningCli, timeoutMs: number, what = 'the CLI'): Promise<CliResult> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      running.child.kill('SIGKILL');
      reject(new Error(`${what} did not finish within ${timeoutMs} ms (a hang)\nstderr:\n${running.stderr()}`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([running.done, hang]);
  } finally {
    clearTimeout(timer);
  }
}

export function parseJson<T = any>(result: CliResult): T {
  try {
    return JSON.parse(result.stdout) as T;
  } catch {
    throw new Error(`stdout is not one JSON document (exit ${result.code}):\n${result.stdout}\nstderr:\n${result.stderr}`);
  }
}

export interface JsonDatabase {
  id: string;
  kind: string;
  status: string;
  from: number | null;
  to: number | null;
  steps: number;
  error: string | null;
  errorKind: string | null;
  sqlstate: string | null;
  errorVersion: number | null;
  message: string | null;
}

export function byId(result: CliResult): Record<string, JsonDatabase> {
  const doc = parseJson<{ databases: JsonDatabase[] }>(result);
  return Object.fromEntries(doc.databases.map((d) => [d.id, d]));
}

/** Every database of the fleet, host first. */
export function fleetDatabases(fleet: Fleet): string[] {
  return [fleet.hostDatabase, ...fleet.tenantIds.map(fleet.tenantDatabase)];
}

/** Our advisory locks held in any database whose name starts with the fleet's prefix. */
export async function ourLocks(fleet: Fleet): Promise<Array<{ datname: string; pid: number; granted: boolean }>> {
  const keys = OUR_LOCK_KEYS.map((k) => `(${Number(k >> 32n)}, ${Number(k & 0xffffffffn)})`).join(', ');
  return sql(
    'postgres',
    `SELECT d.datname, l.pid, l.granted FROM pg_locks l JOIN pg_database d ON d.oid = l.database
      WHERE l.locktype = 'advisory' AND (l.classid::bigint, l.objid::bigint) IN (${keys}) AND l.objsubid = 1
        AND d.datname LIKE $1`,
    [`${fleet.prefix}\\_%`],
  );
}

/** DESIGN §5 / issue scenario 4: after a run, no advisory lock of ours is left anywhere in the fleet. */
export async function expectNoLocksLeft(fleet: Fleet, timeoutMs = 10_000): Promise<void> {
  // A client that has just disconnected leaves its backend a moment to exit: poll, then insist.
  let last: unknown[] = [];
  try {
    await waitFor('our advisory locks to be released', async () => (last = await ourLocks(fleet)).length === 0, timeoutMs);
  } catch {
    throw new Error(`advisory locks of ours left behind: ${JSON.stringify(last)}`);
  }
}

/** The backend of ours in `database` that is running a query matching `pattern` (ILIKE), or null. */
export async function activeBackend(database: string, pattern: string): Promise<{ pid: number; wait_event: string | null; query: string } | null> {
  const rows = await sql<{ pid: number; wait_event: string | null; query: string }>(
    'postgres',
    `SELECT pid, wait_event, query FROM pg_stat_activity
      WHERE datname = $1 AND application_name = 'fastmigrate' AND state = 'active' AND query ILIKE $2`,
    [database, pattern],
  );
  return rows[0] ?? null;
}

/** Backends of the CLI (application_name fastmigrate*) connected to any database of the fleet. */
export async function ourBackends(fleet: Fleet): Promise<Array<{ pid: number; datname: string; state: string }>> {
  return sql('postgres', `SELECT pid, datname, state FROM pg_stat_activity WHERE datname LIKE $1 AND application_name LIKE 'fastmigrate%'`, [
    `${fleet.prefix}\\_%`,
  ]);
}

export interface HistoryRecord {
  id: string;
  version: number;
  name: string;
  direction: string;
  checksum: string | null;
  down_sql: string | null;
  run_id: string | null;
}

/** `_migration_versions` of a database, oldest first; empty when the table does not exist. */
export async function history(database: string): Promise<HistoryRecord[]> {
  const [{ exists }] = await sql<{ exists: boolean }>(database, "SELECT to_regclass('_migration_versions') IS NOT NULL AS exists");
  if (!exists) return [];
  return sql<HistoryRecord>(database, 'SELECT * FROM _migration_versions ORDER BY id');
}

/** Versions that have more than one `up` row in a row (applied twice without a rollback between). */
export function appliedTwice(rows: readonly HistoryRecord[]): number[] {
  const state = new Map<number, string>();
  const twice = new Set<number>();
  for (const r of rows) {
    if (r.direction === 'up' && state.get(r.version) === 'up') twice.add(r.version);
    state.set(r.version, r.direction);
  }
  return [...twice];
}

export async function tableExists(database: string, table: string): Promise<boolean> {
  const [{ exists }] = await sql<{ exists: boolean }>(database, 'SELECT to_regclass($1) IS NOT NULL AS exists', [table]);
  return exists;
}

export interface RunLogRow {
  database_id: string;
  status: string;
  error: string | null;
  error_kind: string | null;
  sqlstate: string | null;
  error_version: number | null;
  message: string | null;
  from_version: number | null;
  to_version: number | null;
  started_at: Date | null;
  finished_at: Date | null;
}

/** The run log's rows of one run (or of the latest run) in the host database. */
export async function runLog(fleet: Fleet, runId?: string): Promise<{ run: { id: string; status: string } | null; databases: Record<string, RunLogRow> }> {
  const [{ exists }] = await sql<{ exists: boolean }>(fleet.hostDatabase, "SELECT to_regclass('fastmigrate.runs') IS NOT NULL AS exists");
  if (!exists) return { run: null, databases: {} };
  const runs = await sql<{ id: string; status: string }>(
    fleet.hostDatabase,
    runId ? 'SELECT id, status FROM fastmigrate.runs WHERE id = $1' : 'SELECT id, status FROM fastmigrate.runs ORDER BY created_at DESC LIMIT 1',
    runId ? [runId] : [],
  );
  if (!runs.length) return { run: null, databases: {} };
  // Versions are bigint (64-bit), which plain pg returns as strings; they are small enough for numbers.
  const rows = await sql<RunLogRow>(
    fleet.hostDatabase,
    `SELECT *, from_version::float8 AS from_version, to_version::float8 AS to_version, error_version::float8 AS error_version
       FROM fastmigrate.run_databases WHERE run_id = $1 ORDER BY position`,
    [runs[0].id],
  );
  return { run: runs[0], databases: Object.fromEntries(rows.map((r) => [r.database_id, r])) };
}

/** A session of its own (the "application", or another operator) on a database. */
export async function session(database: string, applicationName: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: urlFor(database), application_name: applicationName });
  client.on('error', () => {});
  await client.connect();
  return client;
}

export function writeFile(dir: string, file: string, text: string | Uint8Array): void {
  fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  fs.writeFileSync(path.join(dir, file), text);
}

export function pad(version: number): string {
  return String(version).padStart(3, '0');
}
