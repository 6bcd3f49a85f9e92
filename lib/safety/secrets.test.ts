// Issue 4, scenario 18 (the CLI's part): a password in DATABASE_URL never shows up — not in text or
// JSON output, not in progress lines on a terminal, not in errors, not in the run log.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quoteIdent } from '../db/connection';
import { freePort } from '../db/embedded';
import type { CliResult } from '../testing/cli';
import { adminUrl, createFleet, migration, PROJECT_ROOT, sql, writeMigrations, type Fleet } from '../testing/fleet';
import { byId, cli, expectNoLocksLeft, fleetDatabases, parseJson, writeFile } from './support';

const token = randomBytes(4).toString('hex');
/** Distinctive, and full of characters that URLs encode: a leak in any form is easy to find. */
const PASSWORD = `Qz9sEcReT${token}:@/?#&%+ x`;
const WRONG_PASSWORD = `WrOnGpW${token}!:@/`;

let fleet: Fleet;
let role: string;
let url: string;
let wrongUrl: string;
let serverPort: number;
/** Everything any run printed or stored, with a label saying where it came from. */
const seen: Array<[where: string, text: string]> = [];

function record(where: string, r: CliResult): CliResult {
  seen.push([`${where} (stdout)`, r.stdout], [`${where} (stderr)`, r.stderr]);
  return r;
}

function leaksIn(text: string): string[] {
  const forms = [PASSWORD, encodeURIComponent(PASSWORD), `Qz9sEcReT${token}`, WRONG_PASSWORD, encodeURIComponent(WRONG_PASSWORD), `WrOnGpW${token}`, url, wrongUrl];
  const found = forms.filter((f) => text.includes(f));
  // Any URL that still carries credentials (user:something@) is a leak too.
  const withCredentials = text.match(/postgres(?:ql)?:\/\/[^\s/@'"`]*:(?!\*\*\*@|PASSWORD@)[^\s@'"`]+@/gi) ?? [];
  return [...found, ...withCredentials];
}

/** The CLI on a pseudo-terminal with CI unset: the interactive progress bar, colours and all. */
function runOnTerminal(args: string[], env: Record<string, string>): Promise<CliResult> {
  const command = [process.execPath, path.join(PROJECT_ROOT, 'lib', 'cli', 'bin.mjs'), ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const child = spawn('script', ['-qefc', command, '/dev/null'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, CI: '', NO_COLOR: '', FORCE_COLOR: '1', TERM: 'xterm', FASTMIGRATE_TENANTS_QUERY: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.on('error', (error) => reject(new Error(`the terminal check needs util-linux \`script\` (apt-get install bsdutils): ${error.message}`)));
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

beforeAll(async () => {
  fleet = await createFleet({
    tenants: ['t1', 't2'],
    migrationsDir: writeMigrations({
      'host/001_h.sql': migration('CREATE TABLE h (id int);', 'DROP TABLE h;'),
      'tenant/001_a.sql': migration('CREATE TABLE a (id int);', 'DROP TABLE a;'),
    }),
  });
  role = `${fleet.prefix}_owner`;
  await sql('postgres', `CREATE ROLE ${quoteIdent(role)} LOGIN SUPERUSER PASSWORD '${PASSWORD.replace(/'/g, "''")}'`);
  serverPort = Number(new URL(adminUrl()).port);
  url = `postgres://${role}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${serverPort}/${fleet.hostDatabase}`;
  wrongUrl = `postgres://${role}:${encodeURIComponent(WRONG_PASSWORD)}@127.0.0.1:${serverPort}/${fleet.hostDatabase}`;
});

afterAll(async () => {
  await expectNoLocksLeft(fleet);
  await fleet.drop();
  await sql('postgres', `DROP ROLE IF EXISTS ${quoteIdent(role)}`);
});

describe('secrets', () => {
  it('an authentication failure and a SQL failure with a password in DATABASE_URL: the password and the connection string appear in no output, JSON, progress line or run-log row', async () => {
    const env = { ...fleet.env, DATABASE_URL: url };

    // 1. A good run, in text, JSON and on a terminal (progress bar).
    expect(record('migrate', await cli(['migrate'], env)).code).toBe(0);
    expect(record('status --json', await cli(['status', '--json'], env)).code).toBe(0);
    expect(record('history --json', await cli(['history', '--json'], env)).code).toBe(0);
    expect(record('validate --json', await cli(['validate', '--json'], env)).code).toBe(0);

    // 2. Authentication failure of the host database: wrong password, text and JSON.
    const authText = record('auth failure', await cli(['migrate'], { ...env, DATABASE_URL: wrongUrl }));
    expect(authText.code).toBe(2);
    expect(authText.stderr).toMatch(/cannot use the host database: password authentication failed for user ".*_owner"/);
    const authJson = record('auth failure --json', await cli(['status', '--json'], { ...env, DATABASE_URL: wrongUrl }));
    expect(authJson.code).toBe(2);
    expect(parseJson(authJson).error.message).toMatch(/password authentication failed/);
    record('auth failure on a terminal', await runOnTerminal(['migrate'], { ...env, DATABASE_URL: wrongUrl, MIGRATIONS_DIR: fleet.migrationsDir }));

    // 3. Authentication failure of one tenant's server (credentials from FASTMIGRATE_SERVER_URLS).
    await sql(fleet.hostDatabase, 'ALTER TABLE tenants ADD COLUMN db_host text, ADD COLUMN db_port int');
    await sql(fleet.hostDatabase, "INSERT INTO tenants (id, name, db_name, db_host, db_port) VALUES ('elsewhere', 'Elsewhere', $1, 'localhost', $2)", [
      fleet.tenantDatabase('t1'),
      serverPort,
    ]);
    const tenantEnv = {
      ...env,
      FASTMIGRATE_TENANTS_QUERY: 'SELECT id, name, db_name, db_host, db_port FROM tenants WHERE is_active',
      FASTMIGRATE_SERVER_URLS: `postgres://${role}:${encodeURIComponent(WRONG_PASSWORD)}@localhost:${serverPort}/postgres`,
    };
    const tenantAuth = record('tenant auth failure --json', await cli(['migrate', '--json'], tenantEnv));
    expect(tenantAuth.code).toBe(1);
    expect(byId(tenantAuth).elsewhere).toMatchObject({ status: 'failed', errorKind: 'auth-failed' });
    record('tenant auth failure', await cli(['migrate'], tenantEnv));
    record('tenant auth failure, status', await cli(['status'], tenantEnv));
    record('tenant auth failure, status --json', await cli(['status', '--json'], tenantEnv));
    const terminal = record('tenant auth failure on a terminal', await runOnTerminal(['migrate'], { ...tenantEnv, MIGRATIONS_DIR: fleet.migrationsDir }));
    // It really ran on a terminal: colours, and the failure of that tenant.
    expect(terminal.stdout).toContain('\x1b[');
    expect(terminal.stdout).toMatch(/elsewhere.*password authentication failed/);

    // 4. A SQL failure whose error text carries the password, the URL and a password= setting.
    writeFile(
      fleet.migrationsDir,
      'tenant/002_leaky.sql',
      migration(
        `DO $$ BEGIN RAISE EXCEPTION 'cannot reach %', '${url}' USING DETAIL = 'password=${PASSWORD.replace(/'/g, "''")}', HINT = 'try ${encodeURIComponent(PASSWORD)}'; END $$;`,
        'SELECT 1;',
      ),
    );
    const sqlText = record('SQL failure', await cli(['migrate'], env));
    expect(sqlText.code).toBe(1);
    expect(sqlText.stdout).toMatch(/t1 \[P0001\]: cannot reach postgres:\/\//);
    const sqlJson = record('SQL failure --json', await cli(['migrate', '--json'], env));
    expect(byId(sqlJson).t1).toMatchObject({ status: 'failed', sqlstate: 'P0001' });
    record('SQL failure, status', await cli(['status'], env));
    record('SQL failure, status --json', await cli(['status', '--json'], env));
    record('SQL failure, dry run', await cli(['migrate', '--dry-run'], env));
    record('SQL failure, dry run --json', await cli(['migrate', '--dry-run', '--json'], env));
    record('SQL failure on a terminal', await runOnTerminal(['migrate'], { ...env, MIGRATIONS_DIR: fleet.migrationsDir }));

    // 5. Error paths: a usage error, a bad URL that holds the password, JSON error documents.
    record('unknown tenant --json', await cli(['history', '--tenant', 'nope', '--json'], env));
    const badUrl = `postgres://${role}:${PASSWORD}@127.0.0.1:notaport/${fleet.hostDatabase}`;
    const unparsable = record('unparsable DATABASE_URL', await cli(['status', '--json'], { ...env, DATABASE_URL: badUrl }));
    expect(unparsable.code).toBe(2);
    const closed = await freePort();
    const refused = `postgres://${role}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${closed}/x`;
    record('unreachable host', await cli(['migrate', '--json'], { ...env, DATABASE_URL: refused }));

    // The run log and every history table, as stored.
    const stored = [
      ...(await sql<{ r: string }>(fleet.hostDatabase, 'SELECT row_to_json(r)::text AS r FROM fastmigrate.runs r')),
      ...(await sql<{ r: string }>(fleet.hostDatabase, 'SELECT row_to_json(d)::text AS r FROM fastmigrate.run_databases d')),
    ];
    expect(stored.some((s) => s.r.includes('cannot reach'))).toBe(true);
    expect(stored.some((s) => s.r.includes('password authentication failed'))).toBe(true);
    seen.push(['run log (fastmigrate.runs, fastmigrate.run_databases)', stored.map((s) => s.r).join('\n')]);
    for (const db of fleetDatabases(fleet)) {
      const rows = await sql<{ r: string }>(db, 'SELECT row_to_json(h)::text AS r FROM _migration_versions h');
      seen.push([`${db} _migration_versions`, rows.map((h) => h.r).join('\n')]);
    }

    const leaks = seen.flatMap(([where, text]) => leaksIn(text).map((leak) => `${where}: ${leak}`));
    expect(leaks).toEqual([]);
    // The outputs were really produced and really mention the failures (the grep is not vacuous).
    const all = seen.map(([, text]) => text).join('\n');
    expect(all).toMatch(/password authentication failed/);
    expect(all).toMatch(/cannot reach postgres:\/\/.*:\*\*\*@/);
    expect(all).toMatch(/password=\*\*\*/);
  });

  it('a tenant row naming an unknown server (db_host) is never sent the host database\'s password', async () => {
    // A fake server that asks for the password in clear text, as any server may, and records it.
    const received: string[] = [];
    const fake = net.createServer((socket) => {
      socket.once('data', (startup) => {
        // Refuse SSL politely if asked, then request a clear-text password.
        if (startup.length === 8 && startup.readUInt32BE(4) === 80877103) socket.write('N');
        socket.write(Buffer.from([0x52, 0, 0, 0, 8, 0, 0, 0, 3]));
        socket.on('data', (message) => {
          if (message[0] === 0x70) received.push(message.subarray(5, message.length - 1).toString('utf8'));
          socket.destroy();
        });
      });
    });
    const port = await freePort();
    await new Promise<void>((resolve) => fake.listen(port, '127.0.0.2', resolve));
    try {
      const hostile = await createFleet({ tenants: ['ok'], migrationsDir: writeMigrations({ 'tenant/001_a.sql': migration('CREATE TABLE a (id int);', 'DROP TABLE a;') }) });
      try {
        await sql(hostile.hostDatabase, 'ALTER TABLE tenants ADD COLUMN db_host text, ADD COLUMN db_port int');
        await sql(hostile.hostDatabase, "INSERT INTO tenants (id, name, db_name, db_host, db_port) VALUES ('planted', 'Planted', 'anything', '127.0.0.2', $1)", [port]);
        const env = {
          ...hostile.env,
          DATABASE_URL: `postgres://${role}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${serverPort}/${hostile.hostDatabase}`,
          FASTMIGRATE_TENANTS_QUERY: 'SELECT id, name, db_name, db_host, db_port FROM tenants WHERE is_active',
        };
        const r = await cli(['migrate', '--json'], env);
        expect(r.code).toBe(1);
        expect(byId(r).ok.status).toBe('applied');
        expect(byId(r).planted.status).toBe('failed');
        // No credentials are configured for 127.0.0.2:port (FASTMIGRATE_SERVER_URLS): the host's must not be offered.
        expect(received).toEqual([]);
        expect(leaksIn(r.stdout + r.stderr)).toEqual([]);
      } finally {
        await hostile.drop();
      }
    } finally {
      fake.close();
    }
  });
});
