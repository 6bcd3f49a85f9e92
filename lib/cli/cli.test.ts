// The `fastmigrate` CLI end to end: a real subprocess (lib/cli/bin.mjs) against a real PostgreSQL.
// DESIGN §6 is the contract: commands, flags, exit codes (0 ok, 1 a database failed, 2 bad usage /
// bad files / refusal; `status` always 0) and `--json` = one JSON document on stdout.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMigrationFile } from '../migrations/parse';
import type { PlanRequest, Selection } from '../engine';
import { runCli, type CliResult } from '../testing/cli';
import { adminUrl, appliedVersions, catalogDump, createFleet, migration, PROJECT_ROOT, sql, writeMigrations, type Fleet, type FleetOptions } from '../testing/fleet';

const DEMO_MIGRATIONS = path.join(PROJECT_ROOT, 'migrations');
const DEMO_TENANT_VERSIONS = [1, 2, 3, 4, 5, 6, 7, 8, 100];

// ---------------------------------------------------------------------------------------------
// Helpers

/** Applies a request in-process, to put a fleet in a known state quickly (the CLI is what is tested). */
async function engineRun(fleet: Fleet, selection: Selection, request: PlanRequest): Promise<void> {
  const engine = fleet.openEngine();
  try {
    const { runId } = await engine.startRun(selection, { request, planOptions: {} }, { requestedBy: 'tester', source: 'cli' });
    await engine.executeRun(runId, { concurrency: 4 });
    const result = (await engine.getRun(runId))!;
    expect(result.databases.filter((d) => d.status === 'failed').map((d) => [d.databaseId, d.error])).toEqual([]);
  } finally {
    await engine.close();
  }
}

/** The whole of stdout must be one JSON document. */
function parseJson<T = any>(result: CliResult): T {
  try {
    return JSON.parse(result.stdout) as T;
  } catch (error) {
    throw new Error(`stdout is not one JSON document (${(error as Error).message}):\n${result.stdout}\n--- stderr\n${result.stderr}`);
  }
}

/** A readable failure message: what the CLI said. */
const said = (r: CliResult) => `exit ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;

/** Everything a database holds that a command could change: schema, history, and (host) the run log. */
async function snapshot(database: string, host = false): Promise<string> {
  const parts = [await catalogDump(database)];
  const [{ exists }] = await sql<{ exists: boolean }>(database, "SELECT to_regclass('_migration_versions') IS NOT NULL AS exists");
  parts.push(exists ? JSON.stringify(await sql(database, 'SELECT * FROM _migration_versions ORDER BY id')) : 'no history table');
  if (host) parts.push(JSON.stringify(await sql(database, 'SELECT (SELECT count(*) FROM fastmigrate.runs) AS runs, (SELECT count(*) FROM fastmigrate.run_databases) AS rows')));
  return parts.join('\n');
}

async function fleetSnapshot(fleet: Fleet): Promise<string[]> {
  return [await snapshot(fleet.hostDatabase, true), ...(await Promise.all(fleet.tenantIds.map((id) => snapshot(fleet.tenantDatabase(id)))))];
}

/** UP and DOWN text of a migration file, read independently of the engine's parser. */
function sectionsOf(file: string): { up: string; down: string } {
  const marker = /^-{2,}\s*={3,}\s*(up|down)\s*={3,}\s*$/i;
  const found: Record<string, string[]> = { up: [], down: [] };
  let current: string | null = null;
  for (const line of fs.readFileSync(file, 'utf8').replace(/\r\n/g, '\n').split('\n')) {
    const m = marker.exec(line);
    if (m) current = m[1].toLowerCase();
    else if (current) found[current].push(line);
  }
  return { up: found.up.join('\n').trim(), down: found.down.join('\n').trim() };
}

/** Demo migration files of a stream, in version order, as `scope/file.sql`. */
function demoFiles(kind: 'host' | 'tenant'): string[] {
  return [kind, 'both']
    .flatMap((folder) => fs.readdirSync(path.join(DEMO_MIGRATIONS, folder)).map((f) => `${folder}/${f}`))
    .sort((a, b) => parseInt(path.basename(a)) - parseInt(path.basename(b)));
}

interface DryRunBlock {
  title: string;
  steps: { direction: string; name: string; file: string; outsideTransaction: boolean; sql: string }[];
}

/** Splits text `--dry-run` output into per-database blocks of `-- UP|DOWN name (file)` + SQL. */
function parseDryRun(stdout: string): DryRunBlock[] {
  const blocks: DryRunBlock[] = [];
  let body: string[] | null = null;
  const flush = () => {
    const steps = blocks.at(-1)?.steps;
    if (body && steps?.length) steps[steps.length - 1].sql = body.join('\n').trim();
    body = null;
  };
  for (const line of stdout.split('\n')) {
    const step = /^-- (UP|DOWN) (\d+_[A-Za-z0-9_-]+) \(((?:host|tenant|both)\/[^)]+\.sql)\)( \(outside a transaction\))?$/.exec(line);
    if (/^[▸·✗] /.test(line)) {
      flush();
      blocks.push({ title: line.slice(2), steps: [] });
    } else if (step) {
      flush();
      blocks.at(-1)!.steps.push({ direction: step[1], name: step[2], file: step[3], outsideTransaction: Boolean(step[4]), sql: '' });
      body = [];
    } else if (/^dry run: /.test(line)) {
      flush();
    } else body?.push(line);
  }
  flush();
  return blocks;
}

type OnFinished = (fn: () => Promise<void>) => void;

/** A fresh fleet for one test, dropped when the test ends (tests in a file run concurrently). */
async function freshFleet(onTestFinished: OnFinished, options: FleetOptions): Promise<Fleet> {
  const fleet = await createFleet(options);
  onTestFinished(() => fleet.drop());
  return fleet;
}

function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

// ---------------------------------------------------------------------------------------------
// Read-only commands on one shared fleet (demo migrations):
//   host    at 2   (applied 1, 2; pending 3, 4, 100)
//   tenant1 at 100 (everything applied)
//   tenant2 at 2   (migrated to 3, then 3 rolled back: its history is up 1, up 2, up 3, down 3)
//   tenant3 at 0   (nothing applied, no history table)

describe.concurrent('on a fleet at mixed versions (read-only)', () => {
  let fleet: Fleet;
  let before: string[];

  beforeAll(async () => {
    fleet = await createFleet({ tenants: 3, migrationsDir: DEMO_MIGRATIONS });
    await engineRun(fleet, { host: true, tenants: [] }, { action: 'migrate', to: 2 });
    await engineRun(fleet, { host: false, tenants: ['tenant1'] }, { action: 'migrate' });
    await engineRun(fleet, { host: false, tenants: ['tenant2'] }, { action: 'migrate', to: 3 });
    await engineRun(fleet, { host: false, tenants: ['tenant2'] }, { action: 'rollback', steps: 1 });
    before = await fleetSnapshot(fleet);
  });
  afterAll(async () => {
    // Nothing in this block may change any database.
    expect(await fleetSnapshot(fleet)).toEqual(before);
    await fleet.drop();
  });

  const expected = () => ({
    host: { id: 'host', kind: 'host', name: 'host', current: 2, applied: [1, 2], pending: [3, 4, 100], state: 'behind' },
    tenant1: { id: 'tenant1', kind: 'tenant', name: 'Tenant tenant1', current: 100, applied: DEMO_TENANT_VERSIONS, pending: [], state: 'up-to-date' },
    tenant2: { id: 'tenant2', kind: 'tenant', name: 'Tenant tenant2', current: 2, applied: [1, 2], pending: [3, 4, 5, 6, 7, 8, 100], state: 'behind' },
    tenant3: { id: 'tenant3', kind: 'tenant', name: 'Tenant tenant3', current: 0, applied: [], pending: DEMO_TENANT_VERSIONS, state: 'behind' },
  });
  /** DESIGN §6: the keys of each database in `status --json` (extra, additive keys such as `error` are allowed). */
  const STATUS_KEYS = ['id', 'kind', 'name', 'current', 'applied', 'pending', 'state'] as const;
  const contract = (d: Record<string, unknown>) => Object.fromEntries(STATUS_KEYS.map((k) => [k, d[k]]));
  const contractOf = (doc: { databases: Record<string, unknown>[] }) => doc.databases.map(contract);

  describe('status', () => {
    it('prints a table of every database and exits 0 although migrations are pending', async () => {
      const r = await runCli(['status'], fleet.env);
      expect(r.code, said(r)).toBe(0);
      const lines = r.stdout.split('\n');
      expect(lines[0]).toMatch(/^DATABASE\s+NAME\s+CURRENT\s+LATEST\s+PENDING\s+STATE$/);
      expect(lines.slice(1, 5)).toEqual([
        expect.stringMatching(new RegExp(`^host \\(${fleet.hostDatabase}\\)\\s+2\\s+100\\s+3\\s+behind$`)),
        expect.stringMatching(/^tenant1\s+Tenant tenant1\s+100\s+100\s+0\s+up-to-date$/),
        expect.stringMatching(/^tenant2\s+Tenant tenant2\s+2\s+100\s+7\s+behind$/),
        expect.stringMatching(/^tenant3\s+Tenant tenant3\s+0\s+100\s+9\s+behind$/),
      ]);
      expect(r.stdout).toContain('4 databases: 3 behind, 1 up-to-date — 19 migrations pending (run `fastmigrate migrate`)');
      expect(r.stderr).toBe('');
    });

    it('--json prints one document with the DESIGN §6 shape and values', async () => {
      const r = await runCli(['status', '--json'], fleet.env);
      expect(r.code, said(r)).toBe(0);
      const doc = parseJson(r);
      expect(Object.keys(doc).sort()).toEqual(['databases', 'latest']);
      for (const d of doc.databases) expect(Object.keys(d)).toEqual(expect.arrayContaining([...STATUS_KEYS]));
      const e = expected();
      expect(contractOf(doc)).toEqual([e.host, e.tenant1, e.tenant2, e.tenant3]);
      expect(doc.latest).toEqual({ host: 100, tenant: 100 });
      // Nothing is wrong anywhere: no error is reported.
      expect(doc.databases.map((d: { error?: unknown }) => d.error ?? null)).toEqual([null, null, null, null]);
    });

    it('--tenant (repeated) shows only those tenants, without the host', async () => {
      const r = await runCli(['status', '--json', '--tenant', 'tenant3', '--tenant', 'tenant2'], fleet.env);
      expect(r.code, said(r)).toBe(0);
      const doc = parseJson(r);
      expect(doc.databases.map((d: { id: string }) => d.id).sort()).toEqual(['tenant2', 'tenant3']);
      expect(contract(doc.databases.find((d: { id: string }) => d.id === 'tenant2'))).toEqual(expected().tenant2);
      expect(doc.latest).toEqual({ host: 100, tenant: 100 });
    });

    it('--host-only shows only the host', async () => {
      const r = await runCli(['status', '--json', '--host-only'], fleet.env);
      expect(r.code, said(r)).toBe(0);
      expect(contractOf(parseJson(r))).toEqual([expected().host]);
    });

    it('--tenants-only shows every tenant and no host', async () => {
      const r = await runCli(['status', '--json', '--tenants-only'], fleet.env);
      expect(r.code, said(r)).toBe(0);
      const e = expected();
      expect(contractOf(parseJson(r))).toEqual([e.tenant1, e.tenant2, e.tenant3]);
    });

    it('--host-only with --tenants-only is a usage error', async () => {
      const r = await runCli(['status', '--host-only', '--tenants-only'], fleet.env);
      expect(r.code, said(r)).toBe(2);
      expect(r.stderr).toMatch(/'--host-only' cannot be used with option '--tenants-only'/);
      expect(r.stdout).toBe('');
    });
  });

  describe('migrate --dry-run / rollback --dry-run', () => {
    it('migrate --dry-run prints, per database, the exact UP SQL in version order, and changes nothing', async () => {
      const r = await runCli(['migrate', '--dry-run'], fleet.env);
      expect(r.code, said(r)).toBe(0);
      const blocks = parseDryRun(r.stdout);
      const upSteps = (files: string[]) =>
        files.map((file) => {
          const up = sectionsOf(path.join(DEMO_MIGRATIONS, file)).up;
          return { direction: 'UP', name: path.basename(file, '.sql'), file, outsideTransaction: /^--\s*fastmigrate:\s*no-transaction/m.test(up), sql: up };
        });
      const hostFiles = demoFiles('host').filter((f) => parseInt(path.basename(f)) > 2);
      const tenantFiles = demoFiles('tenant');
      expect(blocks).toEqual([
        { title: `host (${fleet.hostDatabase}): version 2 → 100, 3 steps`, steps: upSteps(hostFiles) },
        { title: 'tenant tenant1 (Tenant tenant1): nothing to do at version 100', steps: [] },
        { title: 'tenant tenant2 (Tenant tenant2): version 2 → 100, 7 steps', steps: upSteps(tenantFiles.filter((f) => parseInt(path.basename(f)) > 2)) },
        { title: 'tenant tenant3 (Tenant tenant3): version 0 → 100, 9 steps', steps: upSteps(tenantFiles) },
      ]);
      expect(blocks[3].steps.filter((s) => s.outsideTransaction).map((s) => s.name)).toEqual(['006_index_transactions_booked_at']);
      expect(hostFiles).toEqual(['host/003_add_email_verification.sql', 'host/004_create_tenant_memberships.sql', 'both/100_add_app_settings.sql']);
      expect(r.stdout).toMatch(/dry run: 19 steps on 3 databases would run; nothing was changed\.\n$/);
      expect(await fleetSnapshot(fleet)).toEqual(before);
    });

    it('migrate --dry-run --json --to 3 --tenant tenant3: one JSON document with the steps and their SQL', async () => {
      const r = await runCli(['migrate', '--dry-run', '--json', '--to', '3', '--tenant', 'tenant3'], fleet.env);
      expect(r.code, said(r)).toBe(0);
      const doc = parseJson(r);
      expect(doc.dryRun).toBe(true);
      expect(doc.databases).toHaveLength(1);
      const [db] = doc.databases;
      expect(db).toMatchObject({ id: 'tenant3', kind: 'tenant', current: 0, target: 3, refusals: [], error: null });
      const files = ['tenant/001_create_accounts.sql', 'tenant/002_create_transactions.sql', 'tenant/003_add_categories.sql'];
      expect(db.steps.map((s: { direction: string; version: number; file: string }) => [s.direction, s.version, s.file])).toEqual(
        files.map((f, i) => ['up', i + 1, f]),
      );
      expect(db.steps.map((s: { sql: string }) => s.sql.trim())).toEqual(files.map((f) => sectionsOf(path.join(DEMO_MIGRATIONS, f)).up));
      expect(await fleetSnapshot(fleet)).toEqual(before);
    });

    it('rollback --dry-run --steps 2 --tenant tenant1 prints the DOWN SQL, newest first, and changes nothing', async () => {
      const r = await runCli(['rollback', '--dry-run', '--steps', '2', '--tenant', 'tenant1'], fleet.env);
      expect(r.code, said(r)).toBe(0);
      const files = ['both/100_add_app_settings.sql', 'tenant/008_backfill_transaction_direction.sql'];
      expect(parseDryRun(r.stdout)).toEqual([
        {
          title: 'tenant tenant1 (Tenant tenant1): version 100 → 7, 2 steps',
          steps: files.map((file) => ({ direction: 'DOWN', name: path.basename(file, '.sql'), file, outsideTransaction: false, sql: sectionsOf(path.join(DEMO_MIGRATIONS, file)).down })),
        },
      ]);
      expect(r.stdout).toContain('DROP TABLE IF EXISTS app_settings;');
      expect(await fleetSnapshot(fleet)).toEqual(before);
    });
  });

  describe('history', () => {
    it('with no flag shows the host, newest first', async () => {
      const r = await runCli(['history'], fleet.env);
      expect(r.code, said(r)).toBe(0);
      expect(r.stdout).toContain(`host (${fleet.hostDatabase}): 2 history rows, newest first`);
      const rows = r.stdout.split('\n').filter((l) => /^\s+\d+\s+\d{3}_/.test(l));
      expect(rows).toEqual([expect.stringMatching(/^\s+2\s+002_add_subscription_support\s+up\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+tester\s/), expect.stringMatching(/^\s+1\s+001_create_users\s+up\s/)]);
    });

    it('--host --json: one JSON document, newest first', async () => {
      const r = await runCli(['history', '--host', '--json'], fleet.env);
      expect(r.code, said(r)).toBe(0);
      const doc = parseJson(r);
      expect(doc.database).toEqual({ id: 'host', kind: 'host', name: 'host' });
      expect(doc.history.map((h: { version: number; name: string; direction: string }) => [h.version, h.name, h.direction])).toEqual([
        [2, '002_add_subscription_support', 'up'],
        [1, '001_create_users', 'up'],
      ]);
    });

    it('--tenant ID --json: that tenant, rollbacks included, newest first', async () => {
      const r = await runCli(['history', '--tenant', 'tenant2', '--json'], fleet.env);
      expect(r.code, said(r)).toBe(0);
      const doc = parseJson(r);
      expect(doc.database).toEqual({ id: 'tenant2', kind: 'tenant', name: 'Tenant tenant2' });
      expect(doc.history.map((h: { version: number; direction: string }) => [h.version, h.direction])).toEqual([
        [3, 'down'],
        [3, 'up'],
        [2, 'up'],
        [1, 'up'],
      ]);
      const ids = await sql<{ id: string }>(fleet.tenantDatabase('tenant2'), 'SELECT id FROM _migration_versions ORDER BY id DESC');
      expect(doc.history.map((h: { id: number | string }) => String(h.id))).toEqual(ids.map((row) => String(row.id)));
      expect(doc.history[0]).toMatchObject({ name: '003_add_categories', appliedBy: 'tester' });
    });

    it('--host with --tenant is a usage error', async () => {
      const r = await runCli(['history', '--host', '--tenant', 'tenant1'], fleet.env);
      expect(r.code, said(r)).toBe(2);
      expect(r.stderr).toMatch(/cannot be used with/);
      expect(r.stdout).toBe('');
    });
  });

  describe('validate', () => {
    it('a clean set on an unedited fleet exits 0', async () => {
      const r = await runCli(['validate'], fleet.env);
      expect(r.code, said(r)).toBe(0);
      expect(r.stdout).toContain('13 migration files parse; versions are unique in each stream.');
      expect(r.stdout).toContain('applied migrations match their files in all 4 databases checked.');
    });

    it('a malformed file exits 2 and names the file and line', async () => {
      const dir = writeMigrations({
        'tenant/001_ok.sql': migration('CREATE TABLE ok (id int);', 'DROP TABLE ok;'),
        'tenant/002_sql_first.sql': '-- Description: SQL before the marker\nCREATE TABLE early (id int);\n-- ==== UP ====\nCREATE TABLE x (id int);\n-- ==== DOWN ====\nDROP TABLE x;\n',
        'tenant/003_no_down.sql': '-- Description: no DOWN\n-- ==== UP ====\nCREATE TABLE y (id int);\n',
      });
      const r = await runCli(['validate'], { ...fleet.env, MIGRATIONS_DIR: dir });
      expect(r.code, said(r)).toBe(2);
      const output = r.stdout + r.stderr;
      expect(output).toMatch(/tenant\/002_sql_first\.sql:2: text before the UP marker is not a comment/);
      expect(output).toMatch(/tenant\/003_no_down\.sql(:\d+)?: .*DOWN/);
      expect(output).not.toContain('001_ok.sql');
      expect(output).toContain('2 problems in the migration files');
    });
  });

  describe('bad usage exits 2 with a message on stderr, before anything runs', () => {
    const cases: [string, string[], RegExp][] = [
      ['an unknown command', ['frobnicate'], /unknown command 'frobnicate'/],
      ['an unknown flag', ['status', '--frobnicate'], /unknown option '--frobnicate'/],
      ['--to abc', ['migrate', '--to', 'abc'], /--to takes a whole number, not "abc"/],
      ['--steps 0', ['rollback', '--steps', '0'], /--steps takes a whole number of at least 1, not "0"/],
      ['--concurrency 0', ['migrate', '--concurrency', '0'], /--concurrency takes a whole number of at least 1, not "0"/],
      ['rollback --to with --steps', ['rollback', '--to', '1', '--steps', '2'], /option '--to <version>' cannot be used with option '--steps <n>'/],
      ['--host-only with --tenant', ['status', '--host-only', '--tenant', 'tenant1'], /option '--host-only' cannot be used with option '--tenant <id>'/],
      ['--tenant of no such tenant', ['migrate', '--tenant', 'tenant1', '--tenant', 'nope'], /no tenant with id "nope"[^]*fix: see `fastmigrate status` for the tenant ids/],
    ];
    it.each(cases)('%s', async (_name, args, message) => {
      const r = await runCli(args, fleet.env);
      expect(r.code, said(r)).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe('');
    });

    it('with --json, the error is also one JSON document on stdout', async () => {
      const [flag, tenant] = await Promise.all([runCli(['migrate', '--json', '--to', 'abc'], fleet.env), runCli(['status', '--json', '--tenant', 'nope'], fleet.env)]);
      expect(flag.code, said(flag)).toBe(2);
      expect(parseJson(flag)).toEqual({
        error: { message: `option '--to <version>' argument 'abc' is invalid. --to takes a whole number, not "abc".`, hint: 'run with --help for usage' },
      });
      expect(flag.stderr).toContain('--to takes a whole number');
      expect(tenant.code, said(tenant)).toBe(2);
      expect(parseJson(tenant)).toEqual({
        error: { message: 'no tenant with id "nope"', hint: 'see `fastmigrate status` for the tenant ids (e.g. tenant1, tenant2, tenant3)' },
      });
    });
  });

  describe('bad configuration exits 2', () => {
    it('no DATABASE_URL and no demo: says how to fix it', async () => {
      const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'fm-noconfig-'));
      fs.mkdirSync(path.join(cwd, 'migrations', 'tenant'), { recursive: true });
      fs.writeFileSync(path.join(cwd, 'migrations', 'tenant', '001_a.sql'), migration('CREATE TABLE a (id int);', 'DROP TABLE a;'));
      const r = await runCli(['status'], { DATABASE_URL: '', MIGRATIONS_DIR: '' }, cwd);
      expect(r.code, said(r)).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('no database configured: DATABASE_URL is not set and no demo is running');
      expect(r.stderr).toMatch(/fix: set DATABASE_URL=.*\(in the environment or \.env\), or start the demo with `npm run demo`/);
      // Nothing here is secret, so nothing should be masked: the example URL must survive.
      expect(r.stderr, 'the example connection string in the hint is masked by redact()').not.toContain('***');
    });

    it('an unreachable host: exit 2, says what to check, no password shown', async () => {
      const port = await closedPort();
      const password = 'Unreach4ble-Secret';
      const r = await runCli(['migrate'], { ...fleet.env, DATABASE_URL: `postgres://postgres:${password}@127.0.0.1:${port}/nothing` });
      expect(r.code, said(r)).toBe(2);
      expect(r.stderr).toContain(`cannot use the host database: connect ECONNREFUSED 127.0.0.1:${port}`);
      expect(r.stderr).toContain('fix: check that the server in DATABASE_URL is running and reachable');
      expect(r.stdout + r.stderr).not.toContain(password);
    });

    it('a wrong password: exit 2, the password appears nowhere (text and --json)', async () => {
      const url = new URL(fleet.hostUrl);
      const realPassword = decodeURIComponent(new URL(adminUrl()).password);
      const wrong = 'Wr0ng-S3cret-Pw';
      url.password = wrong;
      const env = { ...fleet.env, DATABASE_URL: url.toString() };
      const [text, json] = await Promise.all([runCli(['migrate'], env), runCli(['status', '--json'], env)]);
      expect(text.code, said(text)).toBe(2);
      expect(text.stderr).toMatch(/cannot use the host database: password authentication failed for user "postgres"/);
      expect(text.stderr).toContain('fix: check the user and password in DATABASE_URL');
      expect(json.code, said(json)).toBe(2);
      expect(parseJson(json)).toEqual({
        error: { message: 'cannot use the host database: password authentication failed for user "postgres"', hint: 'check the user and password in DATABASE_URL' },
      });
      for (const r of [text, json]) {
        const output = r.stdout + r.stderr;
        expect(output).not.toContain(wrong);
        expect(output).not.toContain(encodeURIComponent(wrong));
        expect(output).not.toContain(realPassword);
        expect(output).not.toMatch(/postgres(ql)?:\/\/[^*]/);
      }
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Commands that change databases: a fresh fleet per test.

describe.concurrent('commands that change databases (a fresh fleet per test)', () => {

  // host stream: 1, 3; tenant stream: 1, 2, 3.
  const SMALL = {
    'host/001_h1.sql': migration('CREATE TABLE h1 (id int);', 'DROP TABLE h1;'),
    'host/003_h3.sql': migration('CREATE TABLE h3 (id int);', 'DROP TABLE h3;'),
    'tenant/001_a.sql': migration('CREATE TABLE a (id int);', 'DROP TABLE a;'),
    'tenant/002_b.sql': migration('CREATE TABLE b (id int);', 'DROP TABLE b;'),
    'tenant/003_c.sql': migration('CREATE TABLE c (id int);', 'DROP TABLE c;'),
  };

  const tables = async (database: string) =>
    (await sql<{ tablename: string }>(database, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_migration_versions' ORDER BY 1")).map(
      (r) => r.tablename,
    );

  describe('migrate', () => {
    it('applies everything everywhere, prints a summary, and a second run changes nothing', async ({ onTestFinished }) => {
      const fleet = await freshFleet(onTestFinished, { tenants: 2, migrationsDir: writeMigrations(SMALL) });
      const r = await runCli(['migrate'], fleet.env);
      expect(r.code, said(r)).toBe(0);
      expect(await appliedVersions(fleet.hostDatabase)).toEqual([1, 3]);
      expect(await appliedVersions(fleet.tenantDatabase('tenant1'))).toEqual([1, 2, 3]);
      expect(await appliedVersions(fleet.tenantDatabase('tenant2'))).toEqual([1, 2, 3]);
      expect(await tables(fleet.tenantDatabase('tenant2'))).toEqual(['a', 'b', 'c']);
      expect(r.stdout).toMatch(/^host\s+applied\s+0 → 3\s+2$/m);
      expect(r.stdout).toMatch(/^tenant1\s+applied\s+0 → 3\s+3$/m);
      expect(r.stdout).toMatch(/^tenant2\s+applied\s+0 → 3\s+3$/m);
      expect(r.stdout).toMatch(/3 databases: 3 migrated, 0 unchanged, 0 failed in /);

      const again = await runCli(['migrate'], fleet.env);
      expect(again.code, said(again)).toBe(0);
      expect(again.stdout).toMatch(/3 databases: 0 migrated, 3 unchanged, 0 failed in /);
      expect(await sql(fleet.tenantDatabase('tenant1'), 'SELECT 1 FROM _migration_versions')).toHaveLength(3);
    });

    it('--to N stops at version N in every stream', async ({ onTestFinished }) => {
      const fleet = await freshFleet(onTestFinished, { tenants: 2, migrationsDir: writeMigrations(SMALL) });
      const r = await runCli(['migrate', '--to', '2'], fleet.env);
      expect(r.code, said(r)).toBe(0);
      expect(await appliedVersions(fleet.hostDatabase)).toEqual([1]);
      expect(await appliedVersions(fleet.tenantDatabase('tenant1'))).toEqual([1, 2]);
      expect(await appliedVersions(fleet.tenantDatabase('tenant2'))).toEqual([1, 2]);
      expect(await tables(fleet.tenantDatabase('tenant1'))).toEqual(['a', 'b']);
    });

    it('--tenant ID (repeated) migrates only those tenants, not the host nor the others', async ({ onTestFinished }) => {
      const fleet = await freshFleet(onTestFinished, { tenants: 3, migrationsDir: writeMigrations(SMALL) });
      const r = await runCli(['migrate', '--tenant', 'tenant1', '--tenant', 'tenant3'], fleet.env);
      expect(r.code, said(r)).toBe(0);
      expect(await appliedVersions(fleet.tenantDatabase('tenant1'))).toEqual([1, 2, 3]);
      expect(await appliedVersions(fleet.tenantDatabase('tenant3'))).toEqual([1, 2, 3]);
      expect(await appliedVersions(fleet.tenantDatabase('tenant2'))).toEqual([]);
      expect(await tables(fleet.tenantDatabase('tenant2'))).toEqual([]);
      expect(await appliedVersions(fleet.hostDatabase)).toEqual([]);
      expect(r.stdout).not.toMatch(/^host\s/m);
      expect(r.stdout).toMatch(/2 databases: 2 migrated, 0 unchanged, 0 failed/);
    });

    it('a failing tenant exits 1 with its error; the others are migrated', async ({ onTestFinished }) => {
      const fleet = await freshFleet(onTestFinished, { tenants: ['good1', 'bad', 'good2'], migrationsDir: writeMigrations(SMALL) });
      await sql(fleet.tenantDatabase('bad'), 'CREATE TABLE b (id int)');
      const r = await runCli(['migrate', '--tenants-only'], fleet.env);
      expect(r.code, said(r)).toBe(1);
      expect(await appliedVersions(fleet.tenantDatabase('good1'))).toEqual([1, 2, 3]);
      expect(await appliedVersions(fleet.tenantDatabase('good2'))).toEqual([1, 2, 3]);
      expect(await appliedVersions(fleet.tenantDatabase('bad'))).toEqual([1]);
      expect(await appliedVersions(fleet.hostDatabase)).toEqual([]);
      expect(r.stdout).toMatch(/^bad\s+failed\s+0 → 1\s+1$/m);
      expect(r.stdout).toContain('bad [42P07]: relation "b" already exists (tenant/002_b.sql)');
      expect(r.stdout).toMatch(/3 databases: 2 migrated, 0 unchanged, 1 failed in /);
    });
  });

  describe('rollback', () => {
    // host stream: 1, 2; tenant stream: 1, 2, 3, 4.
    const FOUR = {
      'host/001_h1.sql': migration('CREATE TABLE h1 (id int);', 'DROP TABLE h1;'),
      'host/002_h2.sql': migration('CREATE TABLE h2 (id int);', 'DROP TABLE h2;'),
      'tenant/001_a.sql': migration('CREATE TABLE a (id int);', 'DROP TABLE a;'),
      'tenant/002_b.sql': migration('CREATE TABLE b (id int);', 'DROP TABLE b;'),
      'tenant/003_c.sql': migration('CREATE TABLE c (id int);', 'DROP TABLE c;'),
      'tenant/004_d.sql': migration('CREATE TABLE d (id int);', 'DROP TABLE d;'),
    };
    async function migrated(onTestFinished: OnFinished) {
      const fleet = await freshFleet(onTestFinished, { tenants: 2, migrationsDir: writeMigrations(FOUR) });
      await engineRun(fleet, { host: true, tenants: 'all' }, { action: 'migrate' });
      return fleet;
    }

    it('with no flag undoes one migration on every database', async ({ onTestFinished }) => {
      const f = await migrated(onTestFinished);
      const r = await runCli(['rollback'], f.env);
      expect(r.code, said(r)).toBe(0);
      expect(await appliedVersions(f.hostDatabase)).toEqual([1]);
      expect(await appliedVersions(f.tenantDatabase('tenant1'))).toEqual([1, 2, 3]);
      expect(await appliedVersions(f.tenantDatabase('tenant2'))).toEqual([1, 2, 3]);
      expect(await tables(f.tenantDatabase('tenant1'))).toEqual(['a', 'b', 'c']);
      const [last] = await sql(f.tenantDatabase('tenant1'), 'SELECT version, direction FROM _migration_versions ORDER BY id DESC LIMIT 1');
      expect(last).toEqual({ version: 4, direction: 'down' });
      expect(r.stdout).toMatch(/^tenant1\s+applied\s+4 → 3\s+1$/m);
      expect(r.stdout).toMatch(/3 databases: 3 rolled back, 0 unchanged, 0 failed/);
    });

    it('--steps N --json undoes N migrations and prints one JSON document', async ({ onTestFinished }) => {
      const f = await migrated(onTestFinished);
      const r = await runCli(['rollback', '--steps', '2', '--json'], f.env);
      expect(r.code, said(r)).toBe(0);
      expect(await appliedVersions(f.hostDatabase)).toEqual([]);
      expect(await appliedVersions(f.tenantDatabase('tenant1'))).toEqual([1, 2]);
      expect(await appliedVersions(f.tenantDatabase('tenant2'))).toEqual([1, 2]);
      const doc = parseJson(r);
      expect(doc.action).toBe('rollback');
      expect(doc.databases.map((d: { id: string; status: string; from: number; to: number; steps: number }) => [d.id, d.status, d.from, d.to, d.steps])).toEqual([
        ['host', 'applied', 2, 0, 2],
        ['tenant1', 'applied', 4, 2, 2],
        ['tenant2', 'applied', 4, 2, 2],
      ]);
    });

    it('--to N rolls back until N is the current version (and leaves databases already there alone)', async ({ onTestFinished }) => {
      const f = await migrated(onTestFinished);
      await engineRun(f, { host: true, tenants: [] }, { action: 'rollback', steps: 1 });
      const r = await runCli(['rollback', '--to', '1'], f.env);
      expect(r.code, said(r)).toBe(0);
      expect(await appliedVersions(f.hostDatabase)).toEqual([1]);
      expect(await appliedVersions(f.tenantDatabase('tenant1'))).toEqual([1]);
      expect(await appliedVersions(f.tenantDatabase('tenant2'))).toEqual([1]);
      expect(await tables(f.tenantDatabase('tenant2'))).toEqual(['a']);
      expect(await sql(f.hostDatabase, "SELECT 1 FROM _migration_versions WHERE direction = 'down'")).toHaveLength(1);
      expect(r.stdout).toMatch(/^tenant2\s+applied\s+4 → 1\s+3$/m);
      expect(r.stdout).toMatch(/3 databases: 2 rolled back, 1 unchanged, 0 failed/);
    });
  });

  it('rollback past an irreversible migration is refused with exit 2 and changes nothing', async ({ onTestFinished }) => {
    const dir = writeMigrations({
      'tenant/001_a.sql': migration('CREATE TABLE a (id int);', 'DROP TABLE a;'),
      'tenant/002_b.sql': migration('CREATE TABLE b (id int);', '', '-- fastmigrate:irreversible'),
    });
    const fleet = await freshFleet(onTestFinished, { tenants: 1, migrationsDir: dir });
    await engineRun(fleet, { host: false, tenants: 'all' }, { action: 'migrate' });
    const before = await snapshot(fleet.tenantDatabase('tenant1'));
    const r = await runCli(['rollback', '--tenant', 'tenant1'], fleet.env);
    expect(r.code, said(r)).toBe(2);
    expect(r.stdout).toMatch(/^tenant1\s+refused\s+2\s+0$/m);
    expect(r.stdout).toContain('tenant/002_b.sql is marked irreversible and cannot be rolled back');
    expect(await snapshot(fleet.tenantDatabase('tenant1'))).toBe(before);
  });

  describe('an edited applied migration', () => {
    it('status exits 0 showing checksum-mismatch; validate exits 2 naming file, database and fix; migrate refuses it with 2', async ({ onTestFinished }) => {
      const dir = writeMigrations({
        'tenant/001_a.sql': migration('CREATE TABLE a (id int);', 'DROP TABLE a;'),
        'tenant/002_b.sql': migration('CREATE TABLE b (id int);', 'DROP TABLE b;'),
      });
      const fleet = await freshFleet(onTestFinished, { tenants: ['acme', 'globex'], migrationsDir: dir });
      await engineRun(fleet, { host: false, tenants: ['acme'] }, { action: 'migrate' });
      await engineRun(fleet, { host: false, tenants: ['globex'] }, { action: 'migrate', to: 1 });
      fs.writeFileSync(path.join(dir, 'tenant/002_b.sql'), migration('CREATE TABLE b (id int, note text);', 'DROP TABLE b;'));
      fs.writeFileSync(path.join(dir, 'tenant/003_c.sql'), migration('CREATE TABLE c (id int);', 'DROP TABLE c;'));
      const before = await fleetSnapshot(fleet);

      const [validate, status] = await Promise.all([runCli(['validate'], fleet.env), runCli(['status', '--json', '--tenants-only'], fleet.env)]);
      expect(status.code, said(status)).toBe(0);
      expect(parseJson(status).databases.map((d: { id: string; state: string }) => [d.id, d.state])).toEqual([
        ['acme', 'checksum-mismatch'],
        ['globex', 'behind'],
      ]);

      expect(validate.code, said(validate)).toBe(2);
      expect(validate.stdout).toMatch(/✗ tenant acme:\n\s+tenant\/002_b\.sql was edited after it was applied \(checksum [0-9a-f]{12} applied, [0-9a-f]{12} on disk\)\n\s+fix: restore the applied text of tenant\/002_b\.sql \(git checkout it\) and put the change in a new migration \(fastmigrate new tenant "…"\)/);
      expect(validate.stdout).not.toMatch(/tenant globex/);
      expect(validate.stdout).toContain('1 database of 3 checked disagree with the files.');

      const migrate = await runCli(['migrate'], fleet.env);
      expect(migrate.code, said(migrate)).toBe(2);
      expect(migrate.stdout).toMatch(/^acme\s+refused\s/m);
      expect(migrate.stdout).toContain('tenant/002_b.sql was edited after it was applied');
      expect(await appliedVersions(fleet.tenantDatabase('acme'))).toEqual([1, 2]);
      expect(await tables(fleet.tenantDatabase('acme'))).toEqual(['a', 'b']);
      // The refused tenant is untouched; globex is not edited and may move on.
      expect((await fleetSnapshot(fleet))[1]).toEqual(before[1]);
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Timing-sensitive: runs alone.

describe('migrate --concurrency', () => {
  it('--concurrency bounds how many databases migrate at once; --json is one document', async ({ onTestFinished }) => {
    // Each tenant records when its migration started and finished, around a 0.8 s sleep. The
    // NOTICE and WARNING it raises must not leak into the JSON on stdout.
    const dir = writeMigrations({
      'tenant/001_probe.sql': migration(
        [
          'CREATE TABLE probe (at timestamptz NOT NULL);',
          'INSERT INTO probe VALUES (clock_timestamp());',
          "DO $$ BEGIN RAISE NOTICE 'probe notice'; RAISE WARNING 'probe warning'; END $$;",
          'DROP TABLE IF EXISTS not_there;',
          'SELECT pg_sleep(0.8);',
          'INSERT INTO probe VALUES (clock_timestamp());',
        ].join('\n'),
        'DROP TABLE probe;',
      ),
    });
    const f = await freshFleet(onTestFinished, { tenants: ['s1', 's2', 'p1', 'p2', 'p3'], migrationsDir: dir });
    const intervals = async (ids: string[]) =>
      Promise.all(
        ids.map(async (id) => {
          const [row] = await sql<{ start: number; end: number }>(f.tenantDatabase(id), 'SELECT extract(epoch FROM min(at))::float8 AS start, extract(epoch FROM max(at))::float8 AS end FROM probe');
          return row;
        }),
      );
    /** The most intervals running at one moment. */
    const maxOverlap = (list: { start: number; end: number }[]) => Math.max(...list.map((a) => list.filter((b) => b.start <= a.start && a.start < b.end).length));

    const parallel = await runCli(['migrate', '--json', '--concurrency', '2', '--tenant', 'p1', '--tenant', 'p2', '--tenant', 'p3'], f.env);
    expect(parallel.code, said(parallel)).toBe(0);
    expect(maxOverlap(await intervals(['p1', 'p2', 'p3']))).toBe(2);
    const doc = parseJson(parallel);
    expect(doc).toMatchObject({ action: 'migrate', runId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(doc.databases.map((d: { id: string; status: string; from: number; to: number; steps: number }) => [d.id, d.status, d.from, d.to, d.steps]).sort()).toEqual([
      ['p1', 'applied', 0, 1, 1],
      ['p2', 'applied', 0, 1, 1],
      ['p3', 'applied', 0, 1, 1],
    ]);

    const serial = await runCli(['migrate', '--concurrency', '1', '--tenant', 's1', '--tenant', 's2'], f.env);
    expect(serial.code, said(serial)).toBe(0);
    expect(maxOverlap(await intervals(['s1', 's2']))).toBe(1);
  });
});

// ---------------------------------------------------------------------------------------------

describe.concurrent('new', () => {
  it('new tenant "add budgets" writes tenant/NNN_add_budgets.sql with the next free version, headers and both markers', async () => {
    const dir = writeMigrations({
      'tenant/001_a.sql': migration('CREATE TABLE a (id int);', 'DROP TABLE a;'),
      'tenant/002_b.sql': migration('CREATE TABLE b (id int);', 'DROP TABLE b;'),
      'both/004_s.sql': migration('CREATE TABLE s (id int);', 'DROP TABLE s;'),
      'host/007_h.sql': migration('CREATE TABLE h (id int);', 'DROP TABLE h;'),
    });
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'fm-new-'));
    const r = await runCli(['new', 'tenant', 'add budgets'], { DATABASE_URL: '', MIGRATIONS_DIR: dir }, cwd);
    expect(r.code, said(r)).toBe(0);
    // The tenant stream is tenant/ + both/: 1, 2, 4 → 5 (host's 7 is another stream).
    expect(fs.readdirSync(path.join(dir, 'tenant')).sort()).toEqual(['001_a.sql', '002_b.sql', '005_add_budgets.sql']);
    expect(fs.readdirSync(path.join(dir, 'host'))).toEqual(['007_h.sql']);
    expect(r.stdout).toMatch(/^created .*tenant\/005_add_budgets\.sql$/m);

    const text = fs.readFileSync(path.join(dir, 'tenant', '005_add_budgets.sql'), 'utf8');
    const lines = text.split('\n');
    expect(lines.slice(0, 3)).toEqual(['-- Migration: 005_add_budgets', '-- Version: 005', '-- Description: add budgets']);
    expect(text).toMatch(/^-- Date: \d{4}-\d\d-\d\d$/m);
    expect(text).toMatch(/^-- Scope: tenant$/m);
    const up = lines.indexOf('-- ==================== UP ====================');
    const down = lines.indexOf('-- ==================== DOWN ====================');
    expect(up).toBeGreaterThan(0);
    expect(down).toBeGreaterThan(up);

    // Filled in, the file is a valid migration whose headers agree with its name and folder.
    const filled = [...lines.slice(0, up + 1), 'CREATE TABLE budgets (id int);', ...lines.slice(up + 1, down + 1), 'DROP TABLE budgets;', ...lines.slice(down + 1)].join('\n');
    const parsed = parseMigrationFile({ file: 'tenant/005_add_budgets.sql', folder: 'tenant', fileName: '005_add_budgets.sql', content: filled });
    expect(parsed.ok ? { version: parsed.migration.version, scope: parsed.migration.scope, name: parsed.migration.name } : parsed.problems).toEqual({
      version: 5,
      scope: 'tenant',
      name: '005_add_budgets',
    });
  });

  it('new with an unknown scope is a usage error and writes nothing', async () => {
    const dir = writeMigrations({ 'tenant/001_a.sql': migration('CREATE TABLE a (id int);', 'DROP TABLE a;') });
    const r = await runCli(['new', 'tenants', 'add budgets'], { DATABASE_URL: '', MIGRATIONS_DIR: dir });
    expect(r.code, said(r)).toBe(2);
    expect(r.stderr).toMatch(/unknown scope "tenants"[^]*fix: the scope is host, tenant or both/);
    expect(fs.readdirSync(path.join(dir, 'tenant'))).toEqual(['001_a.sql']);
  });
});
