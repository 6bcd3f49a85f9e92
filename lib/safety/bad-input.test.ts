// Issue 4, scenarios 14–17: bad input — malformed migration files, bad CLI use, bad configuration,
// hostile tenant records. Each is a clear error naming where and what, and nothing is applied anywhere.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../db/embedded';
import { quoteIdent, withClient } from '../db/connection';
import { adminUrl, appliedVersions, createFleet, migration, sql, urlFor, writeMigrations, type Fleet } from '../testing/fleet';
import { byId, cli, expectNoLocksLeft, fleetDatabases, history, parseJson, runLog, tableExists } from './support';

const UP = '-- ==================== UP ====================';
const DOWN = '-- ==================== DOWN ====================';
/** A file: line 1 `-- Description`, then the `head` lines, the UP marker, the UP SQL, the DOWN marker, the DOWN SQL. */
const file = (up: string, down: string, head: string[] = []) => ['-- Description: test', ...head, UP, up, DOWN, down, ''].join('\n');
const ok = file('CREATE TABLE a (id int);', 'DROP TABLE a;');

interface BadSet {
  name: string;
  /** Files relative to the migrations folder; the scope folders host/, tenant/ and both/ always exist. */
  files: Record<string, string | Uint8Array>;
  /** The file the error names (relative to the migrations folder), or `$DIR` for the folder itself. */
  file: string;
  line: number | null;
  message: RegExp;
  /** MIGRATIONS_DIR points at a folder that does not exist. */
  noFolder?: boolean;
}

const BAD_SETS: BadSet[] = [
  { name: 'missing UP marker', files: { 'tenant/001_a.sql': `-- Description: test\nCREATE TABLE a (id int);\n${DOWN}\nDROP TABLE a;\n` }, file: 'tenant/001_a.sql', line: null, message: /^there is no UP marker line$/ },
  { name: 'only a DOWN marker', files: { 'tenant/001_a.sql': `-- Description: test\n${DOWN}\nDROP TABLE a;\n` }, file: 'tenant/001_a.sql', line: null, message: /^there is no UP marker line$/ },
  { name: 'UP marker without the = signs', files: { 'tenant/001_a.sql': `-- UP\nCREATE TABLE a (id int);\n${DOWN}\nDROP TABLE a;\n` }, file: 'tenant/001_a.sql', line: null, message: /there is no UP marker line \(line 1, "-- UP", is not one: a marker has at least three "=" on each side\)/ },
  { name: 'an empty file', files: { 'tenant/001_a.sql': '' }, file: 'tenant/001_a.sql', line: null, message: /there is no UP marker line/ },
  { name: 'two UP markers', files: { 'tenant/001_a.sql': file(`CREATE TABLE a (id int);\n${UP}\nCREATE TABLE b (id int);`, 'DROP TABLE a;') }, file: 'tenant/001_a.sql', line: 4, message: /^second UP marker \(the first is on line 2\)$/ },
  { name: 'two DOWN markers', files: { 'tenant/001_a.sql': file('CREATE TABLE a (id int);', `DROP TABLE a;\n${DOWN}\nDROP TABLE a;`) }, file: 'tenant/001_a.sql', line: 6, message: /^second DOWN marker \(the first is on line 4\)$/ },
  { name: 'empty UP', files: { 'tenant/001_a.sql': file('', 'DROP TABLE a;') }, file: 'tenant/001_a.sql', line: 2, message: /^the UP section is empty$/ },
  { name: 'UP holding only comments', files: { 'tenant/001_a.sql': file('-- TODO: write this', 'DROP TABLE a;') }, file: 'tenant/001_a.sql', line: 2, message: /^the UP section is empty$/ },
  { name: 'missing DOWN', files: { 'tenant/001_a.sql': `-- Description: test\n${UP}\nCREATE TABLE a (id int);\n` }, file: 'tenant/001_a.sql', line: null, message: /^there is no DOWN marker line$/ },
  { name: 'empty DOWN', files: { 'tenant/001_a.sql': file('CREATE TABLE a (id int);', '') }, file: 'tenant/001_a.sql', line: 4, message: /^the DOWN section is empty$/ },
  { name: 'SQL before the UP marker', files: { 'tenant/001_a.sql': `-- Description: test\nCREATE TABLE x (id int);\n${UP}\nCREATE TABLE a (id int);\n${DOWN}\nDROP TABLE a;\n` }, file: 'tenant/001_a.sql', line: 2, message: /^text before the UP marker is not a comment: "CREATE TABLE x \(id int\);"$/ },
  { name: 'DOWN before UP', files: { 'tenant/001_a.sql': `-- Description: test\n${DOWN}\nDROP TABLE a;\n${UP}\nCREATE TABLE a (id int);\n` }, file: 'tenant/001_a.sql', line: 2, message: /^the DOWN marker comes before the UP marker \(line 4\)$/ },
  { name: 'file name without a version', files: { 'tenant/add_a.sql': ok }, file: 'tenant/add_a.sql', line: null, message: /^file name "add_a\.sql" does not start with a version number$/ },
  { name: 'non-numeric version', files: { 'tenant/v2_add_a.sql': ok }, file: 'tenant/v2_add_a.sql', line: null, message: /^file name "v2_add_a\.sql" does not start with a version number$/ },
  { name: 'version not separated by "_"', files: { 'tenant/1a_add.sql': ok }, file: 'tenant/1a_add.sql', line: null, message: /does not separate the version from the description with "_"/ },
  { name: 'file name without a description', files: { 'tenant/001.sql': ok }, file: 'tenant/001.sql', line: null, message: /^file name "001\.sql" has no description after the version$/ },
  { name: 'a space in the file name', files: { 'tenant/001_add a.sql': ok }, file: 'tenant/001_add a.sql', line: null, message: /may only hold letters, digits, "_" and "-"/ },
  { name: 'upper-case .SQL extension', files: { 'tenant/001_a.SQL': ok }, file: 'tenant/001_a.SQL', line: null, message: /^file name "001_a\.SQL" does not end in "\.sql"$/ },
  { name: 'version 0', files: { 'tenant/000_zero.sql': ok }, file: 'tenant/000_zero.sql', line: null, message: /^version 000 in the file name is out of range$/ },
  { name: 'version too large', files: { 'tenant/9007199254740992_big.sql': ok }, file: 'tenant/9007199254740992_big.sql', line: null, message: /^version 9007199254740992 in the file name is out of range$/ },
  {
    name: 'duplicate version in a stream (both/ and tenant/)',
    files: { 'both/007_x.sql': ok, 'tenant/007_y.sql': ok },
    file: 'tenant/007_y.sql',
    line: null,
    message: /^version 7 is used twice in the tenant stream \(tenant\/ \+ both\/\): both\/007_x\.sql and tenant\/007_y\.sql$/,
  },
  { name: 'duplicate version in one folder', files: { 'tenant/002_a.sql': ok, 'tenant/002_b.sql': ok }, file: 'tenant/002_b.sql', line: null, message: /version 2 is used twice .*tenant\/002_a\.sql and tenant\/002_b\.sql/ },
  { name: 'header Version disagreeing with the file name', files: { 'tenant/001_a.sql': file('CREATE TABLE a (id int);', 'DROP TABLE a;', ['-- Version: 005']) }, file: 'tenant/001_a.sql', line: 2, message: /^header says version 5 but the file name says 1$/ },
  { name: 'header Version not a number', files: { 'tenant/001_a.sql': file('CREATE TABLE a (id int);', 'DROP TABLE a;', ['-- Version: one']) }, file: 'tenant/001_a.sql', line: 2, message: /^header "Version: one" is not a number$/ },
  { name: 'header Scope disagreeing with the folder', files: { 'tenant/001_a.sql': file('CREATE TABLE a (id int);', 'DROP TABLE a;', ['-- Scope: host']) }, file: 'tenant/001_a.sql', line: 2, message: /^header says scope "host" but the file is in tenant\/$/ },
  { name: 'a header key twice', files: { 'tenant/001_a.sql': file('CREATE TABLE a (id int);', 'DROP TABLE a;', ['-- Author: ann', '-- Author: bob']) }, file: 'tenant/001_a.sql', line: 3, message: /^the header has "Author:" twice \(also on line 2\)$/ },
  {
    name: 'a no-transaction UP with two statements',
    files: { 'tenant/001_a.sql': file('CREATE INDEX CONCURRENTLY i1 ON t (a);\nCREATE INDEX CONCURRENTLY i2 ON t (b);', 'DROP INDEX CONCURRENTLY i1;', ['-- fastmigrate:no-transaction']) },
    file: 'tenant/001_a.sql',
    line: 2,
    message: /^the UP section is marked no-transaction but holds 2 statements$/,
  },
  {
    name: 'a no-transaction DOWN with two statements',
    files: { 'tenant/001_a.sql': file('CREATE TABLE a (id int);', '-- fastmigrate:no-transaction\nDROP INDEX CONCURRENTLY i1;\nDROP INDEX CONCURRENTLY i2;') },
    file: 'tenant/001_a.sql',
    line: 5,
    message: /^the DOWN section is marked no-transaction but holds 2 statements$/,
  },
  { name: 'a misspelt directive', files: { 'tenant/001_a.sql': file('CREATE TABLE a (id int);', 'DROP TABLE a;', ['-- fastmigrate:no-transactoin']) }, file: 'tenant/001_a.sql', line: 2, message: /^unknown directive "-- fastmigrate:no-transactoin"$/ },
  {
    name: 'a file that is not UTF-8 (Latin-1)',
    files: { 'tenant/001_a.sql': Buffer.concat([Buffer.from('-- Description: test\n-- Author: Ren'), Buffer.from([0xe9]), Buffer.from(`\n${UP}\nCREATE TABLE a (id int);\n${DOWN}\nDROP TABLE a;\n`)]) },
    file: 'tenant/001_a.sql',
    line: 2,
    message: /^the file is not UTF-8 \(invalid byte 0xE9 at byte 35\)$/,
  },
  { name: 'a UTF-16 file', files: { 'tenant/001_a.sql': Buffer.from('\uFEFF' + ok, 'utf16le') }, file: 'tenant/001_a.sql', line: 1, message: /^the file is not UTF-8 \(invalid byte 0xFF at byte 0\)$/ },
  { name: 'a NUL character', files: { 'tenant/001_a.sql': file('CREATE TABLE a (id int);\0', 'DROP TABLE a;') }, file: 'tenant/001_a.sql', line: 3, message: /^the file contains a NUL character$/ },
  { name: 'an unterminated string', files: { 'tenant/001_a.sql': file("INSERT INTO a VALUES ('oops);", 'DROP TABLE a;') }, file: 'tenant/001_a.sql', line: 3, message: /^quoted string is never closed$/ },
  { name: 'an unterminated dollar quote', files: { 'tenant/001_a.sql': file('DO $body$ BEGIN PERFORM 1; END;', 'DROP TABLE a;') }, file: 'tenant/001_a.sql', line: 3, message: /^dollar-quoted body \$body\$ is never closed$/ },
  { name: 'an empty migrations folder', files: {}, file: '$DIR', line: null, message: /^there are no migration files$/ },
  { name: 'a missing migrations folder', files: {}, noFolder: true, file: '$DIR', line: null, message: /^the migrations folder does not exist$/ },
  { name: 'a .sql file directly in the migrations folder', files: { '001_a.sql': ok }, file: '001_a.sql', line: null, message: /^001_a\.sql is not in host\/, tenant\/ or both\/ \(it is directly in the migrations folder\)$/ },
  { name: 'a .sql file in a folder that is not a scope', files: { 'tenants/001_a.sql': ok }, file: 'tenants/001_a.sql', line: null, message: /\("tenants" is not a scope folder\)$/ },
  { name: 'a scope folder with the wrong case', files: { 'Tenant/001_a.sql': ok }, file: 'Tenant/001_a.sql', line: null, message: /\("Tenant" is not a scope folder\)$/ },
  { name: 'a .sql file in a sub-folder of a scope folder', files: { 'tenant/old/001_a.sql': ok }, file: 'tenant/old/001_a.sql', line: null, message: /\(it is in a sub-folder of tenant\/, which is not read\)$/ },
];

describe('bad input', () => {
  let fleet: Fleet;
  beforeAll(async () => {
    fleet = await createFleet({ tenants: ['t1', 't2'], migrationsDir: writeMigrations({}) });
  });
  afterAll(async () => {
    await expectNoLocksLeft(fleet);
    await fleet.drop();
  });

  /** Nothing applied anywhere: no history table, no table, no run in the run log. */
  async function expectNothingApplied() {
    for (const db of fleetDatabases(fleet)) {
      expect(await history(db), db).toEqual([]);
      const tables = await sql<{ tablename: string }>(db, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'tenants'");
      expect(tables, db).toEqual([]);
    }
    expect((await runLog(fleet)).run).toBeNull();
  }

  describe.concurrent('malformed migration files: exit code 2, the file, line and what is wrong; nothing applied', () => {
    it.each(BAD_SETS)('$name', async (bad) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fm-bad-'));
      // A valid migration beside the bad one: it must not run either.
      const files: Record<string, string | Uint8Array> = { 'host/001_host_ok.sql': file('CREATE TABLE h (id int);', 'DROP TABLE h;'), ...bad.files };
      if (bad.name === 'an empty migrations folder') delete files['host/001_host_ok.sql'];
      if (!bad.noFolder) {
        for (const folder of ['host', 'tenant', 'both']) fs.mkdirSync(path.join(dir, folder));
        for (const [name, text] of Object.entries(files)) {
          fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
          fs.writeFileSync(path.join(dir, name), text);
        }
      }
      const migrationsDir = bad.noFolder ? path.join(dir, 'nowhere') : dir;
      const where = bad.file === '$DIR' ? migrationsDir : bad.file;

      const r = await cli(['migrate', '--json'], { ...fleet.env, MIGRATIONS_DIR: migrationsDir });
      expect(r.code, r.stderr).toBe(2);
      const { error } = parseJson<{ error: { problems: Array<{ file: string; line: number | null; message: string; hint: string }> } }>(r);
      const problem = error.problems.find((p) => p.file === where && bad.message.test(p.message));
      expect(problem, JSON.stringify(error.problems, null, 2)).toBeDefined();
      expect(problem!.line).toBe(bad.line);
      expect(problem!.hint.length).toBeGreaterThan(10);
      // The same, for people: "error FILE:LINE: what" and a fix line.
      const location = bad.line === null ? where : `${where}:${bad.line}`;
      expect(r.stderr).toContain(`error ${location}: ${problem!.message}\n      fix: ${problem!.hint}`);
      expect(r.stderr).toMatch(/problems? in the migration files: nothing was run\./);
      await expectNothingApplied();
    });
  });

  it('the other commands refuse malformed files the same way: validate, status, rollback, migrate --dry-run', async () => {
    const dir = writeMigrations({ 'tenant/001_a.sql': file('', 'DROP TABLE a;') });
    const env = { ...fleet.env, MIGRATIONS_DIR: dir };
    for (const args of [['validate'], ['validate', '--files-only'], ['status'], ['rollback'], ['migrate', '--dry-run']]) {
      const r = await cli(args, env);
      expect(r.code, `${args.join(' ')}: ${r.stdout}${r.stderr}`).toBe(2);
      expect(r.stdout + r.stderr, args.join(' ')).toContain('error tenant/001_a.sql:2: the UP section is empty');
    }
    await expectNothingApplied();
  });

  it('a SQL syntax error fails at run time, per database, with file and line: exit code 1, the host still migrates', async () => {
    const dir = writeMigrations({
      'host/001_h.sql': file('CREATE TABLE h (id int);', 'DROP TABLE h;'),
      'tenant/001_a.sql': file('CREATE TABLE a (id int);\n\nCREATE TABEL b (id int);', 'DROP TABLE a;'),
    });
    const env = { ...fleet.env, MIGRATIONS_DIR: dir };
    expect((await cli(['validate', '--files-only'], env)).code).toBe(0);
    const r = await cli(['migrate', '--json'], env);
    expect(r.code, r.stderr).toBe(1);
    const result = byId(r);
    expect(result.host).toMatchObject({ status: 'applied', to: 1 });
    for (const id of ['t1', 't2']) {
      expect(result[id]).toMatchObject({ status: 'failed', sqlstate: '42601', errorKind: 'sql', errorVersion: 1, to: 0 });
      expect(result[id].error).toBe('syntax error at or near "TABEL" (tenant/001_a.sql:5)');
      expect(await tableExists(fleet.tenantDatabase(id), 'a')).toBe(false);
    }
    // Undo for the tests that follow: they expect a fleet where nothing was ever applied.
    expect((await cli(['rollback', '--host-only'], env)).code).toBe(0);
    await sql(fleet.hostDatabase, 'DROP TABLE _migration_versions; DROP SCHEMA fastmigrate CASCADE');
    for (const id of ['t1', 't2']) await sql(fleet.tenantDatabase(id), 'DROP TABLE _migration_versions');
    await expectNothingApplied();
  });

  describe('bad CLI use: exit code 2, a clear message, nothing applied', () => {
    const usage: Array<[string, string[], RegExp]> = [
      ['an unknown command', ['frobnicate'], /error: unknown command 'frobnicate'/],
      ['an unknown flag', ['migrate', '--frobnicate'], /error: unknown option '--frobnicate'/],
      ['--to that is not a number', ['migrate', '--to', 'abc'], /--to takes a whole number, not "abc"\./],
      ['--to that is negative', ['rollback', '--to=-1'], /--to takes a whole number, not "-1"\./],
      ['--steps 0', ['rollback', '--steps', '0'], /--steps takes a whole number of at least 1, not "0"\./],
      ['--steps that is a fraction', ['rollback', '--steps', '1.5'], /--steps takes a whole number of at least 1, not "1\.5"\./],
      ['--to and --steps together', ['rollback', '--to', '1', '--steps', '1'], /option '--to <version>' cannot be used with option '--steps <n>'/],
      ['--concurrency 0', ['migrate', '--concurrency', '0'], /--concurrency takes a whole number of at least 1, not "0"\./],
      ['--host-only with --tenants-only', ['status', '--host-only', '--tenants-only'], /option '--host-only' cannot be used with option '--tenants-only'/],
      ['a --tenant that does not exist', ['migrate', '--tenant', 'nope'], /error: no tenant with id "nope"\n\s+fix: see `fastmigrate status` for the tenant ids \(e\.g\. t1, t2\)/],
      ['a --tenant that does not exist, for rollback', ['rollback', '--tenant', 't1', '--tenant', 'ghost'], /error: no tenant with id "ghost"/],
      ['history of a tenant that does not exist', ['history', '--tenant', 'nope'], /error: no tenant with id "nope"/],
      ['new with an unknown scope', ['new', 'sideways', 'add x'], /error: unknown scope "sideways"/],
      ['a missing argument', ['new', 'tenant'], /error: missing required argument 'description'/],
    ];
    it.each(usage)('%s', async (_label, args, message) => {
      const dir = writeMigrations({ 'tenant/001_a.sql': ok });
      const r = await cli(args, { ...fleet.env, MIGRATIONS_DIR: dir });
      expect(r.code, r.stdout + r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(fs.readdirSync(path.join(dir, 'tenant'))).toEqual(['001_a.sql']);
      await expectNothingApplied();
    });

    it('with --json, a usage error is still one JSON document on stdout', async () => {
      const r = await cli(['migrate', '--to', 'abc', '--json'], fleet.env);
      expect(r.code).toBe(2);
      expect(parseJson(r).error.message).toMatch(/--to takes a whole number, not "abc"/);
      const unknown = await cli(['migrate', '--tenant', 'nope', '--json'], { ...fleet.env, MIGRATIONS_DIR: writeMigrations({ 'tenant/001_a.sql': ok }) });
      expect(unknown.code).toBe(2);
      expect(parseJson(unknown).error).toMatchObject({ message: 'no tenant with id "nope"' });
    });
  });

  describe('bad configuration: exit code 2, what is wrong and how to fix it, nothing applied', () => {
    const migrations = () => writeMigrations({ 'tenant/001_a.sql': ok });

    it('no DATABASE_URL and no demo running', async () => {
      const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'fm-noconfig-'));
      for (const command of [['status'], ['migrate']]) {
        const r = await cli(command, { DATABASE_URL: '', MIGRATIONS_DIR: migrations() }, { cwd });
        expect(r.code).toBe(2);
        expect(r.stderr).toContain('error: no database configured: DATABASE_URL is not set and no demo is running');
        expect(r.stderr).toMatch(/fix: set DATABASE_URL=postgres:\/\/USER:PASSWORD@HOST:5432\/DATABASE .*or start the demo with `npm run demo`/);
      }
    });

    it('a demo state file left behind by a demo that is not running', async () => {
      const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'fm-staledemo-'));
      fs.mkdirSync(path.join(cwd, '.fastmigrate'));
      const port = await freePort();
      fs.writeFileSync(path.join(cwd, '.fastmigrate', 'demo.json'), JSON.stringify({ url: `postgres://postgres:demo-pw@127.0.0.1:${port}/fastmigrate_demo`, pid: 999_999 }));
      const r = await cli(['status'], { DATABASE_URL: '', MIGRATIONS_DIR: migrations() }, { cwd });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/error: cannot use the host database: connect ECONNREFUSED 127\.0\.0\.1:\d+\n\s+fix: the demo is not running: start it with `npm run demo` \(or set DATABASE_URL\)/);
    });

    it('an unreachable host database (nothing listening), and a host database that does not exist', async () => {
      const port = await freePort();
      const down = await cli(['migrate'], { ...fleet.env, MIGRATIONS_DIR: migrations(), DATABASE_URL: `postgres://postgres:pw@127.0.0.1:${port}/host` });
      expect(down.code).toBe(2);
      expect(down.stderr).toMatch(/error: cannot use the host database: connect ECONNREFUSED 127\.0\.0\.1:\d+\n\s+fix: check that the server in DATABASE_URL is running and reachable/);
      const missing = await cli(['status'], { ...fleet.env, MIGRATIONS_DIR: migrations(), DATABASE_URL: urlFor(`${fleet.prefix}_nohost`) });
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(new RegExp(`error: cannot use the host database: database "${fleet.prefix}_nohost" does not exist`));
      await expectNothingApplied();
    });

    it('a DATABASE_URL that is not a connection URL', async () => {
      for (const url of ['not a url', 'postgres://u:pw@127.0.0.1:notaport/db', 'mysql://u:pw@127.0.0.1/db']) {
        const r = await cli(['status'], { ...fleet.env, MIGRATIONS_DIR: migrations(), DATABASE_URL: url });
        expect(r.code, url).toBe(2);
        expect(r.stderr).toContain('error: DATABASE_URL is not a PostgreSQL connection URL');
        expect(r.stderr).toContain('fix: write it as postgres://USER:PASSWORD@HOST:5432/DATABASE');
      }
    });

    it('a FASTMIGRATE_TENANTS_QUERY that fails, or returns the wrong columns; no tenants table for the default query', async () => {
      const env = { ...fleet.env, MIGRATIONS_DIR: migrations() };
      const failing = await cli(['migrate'], { ...env, FASTMIGRATE_TENANTS_QUERY: 'SELECT id, name, db_name FROM customers' });
      expect(failing.code).toBe(2);
      expect(failing.stderr).toMatch(/error: FASTMIGRATE_TENANTS_QUERY failed: relation "customers" does not exist\n\s+fix: fix FASTMIGRATE_TENANTS_QUERY \(it must return id, name and db_name/);
      const syntax = await cli(['status'], { ...env, FASTMIGRATE_TENANTS_QUERY: 'SELEKT * FROM tenants' });
      expect(syntax.code).toBe(2);
      expect(syntax.stderr).toMatch(/error: FASTMIGRATE_TENANTS_QUERY failed: syntax error at or near "SELEKT"/);
      const columns = await cli(['migrate'], { ...env, FASTMIGRATE_TENANTS_QUERY: 'SELECT id, name AS title FROM tenants' });
      expect(columns.code).toBe(2);
      expect(columns.stderr).toMatch(/error: FASTMIGRATE_TENANTS_QUERY returned the columns id, title; it must return id, name and db_name \(missing: name, db_name\)\n\s+fix: alias the columns/);
      const json = await cli(['status', '--json'], { ...env, FASTMIGRATE_TENANTS_QUERY: 'SELECT id, name AS title FROM tenants' });
      expect(parseJson(json).error.message).toMatch(/missing: name, db_name/);

      const bare = await createFleet({ tenants: [], migrationsDir: migrations() });
      try {
        await sql(bare.hostDatabase, 'DROP TABLE tenants');
        const none = await cli(['migrate'], bare.env);
        expect(none.code).toBe(2);
        expect(none.stderr).toMatch(/error: the default tenants query failed: relation "tenants" does not exist\n\s+fix: create a `tenants` table \(id, name, db_name, is_active\) in the host database, or set FASTMIGRATE_TENANTS_QUERY/);
      } finally {
        await bare.drop();
      }
      await expectNothingApplied();
    });
  });
});

describe('hostile tenant records', () => {
  let fleet: Fleet;
  afterAll(async () => {
    await withClient({ connectionString: adminUrl() }, async (admin) => {
      const { rows } = await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [`${fleet.prefix}\\_%`]);
      for (const r of rows) await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(r.datname)} WITH (FORCE)`);
    });
  });

  it('rejects each hostile database name with a clear per-tenant error, never connects to what a mangled name would reach, executes nothing; the other tenants migrate', async () => {
    fleet = await createFleet({ tenants: ['good'], migrationsDir: writeMigrations({ 'tenant/001_a.sql': ok }) });
    const p = fleet.prefix;
    const long = `${p}_${'a'.repeat(70 - p.length - 1)}`;
    expect(Buffer.byteLength(long)).toBe(70);
    const hostile: Array<[id: string, dbName: string, dbHost: string | null, dbPort: string | null, problem: RegExp]> = [
      ['quote', `${p}_x"; DROP DATABASE ${fleet.hostDatabase};--`, null, null, /has characters other than letters, digits, "_" and "-"/],
      ['query', `${p}_t1?host=evil`, null, null, /the database name ".*_t1\?host=evil" has characters other than/],
      ['long', long, null, null, /^the database name is 70 bytes long; PostgreSQL allows at most 63$/],
      ['newline', `${p}_nl\nx`, null, null, /^the database name ".*_nl\\nx" has characters other than/],
      ['url', `postgres://evil.example.com/${p}_x`, null, null, /has characters other than/],
      ['empty', '', null, null, /^the database name is empty$/],
      ['badhost', `${p}_good`, 'evil.example.com/x?sslmode=disable', null, /^db_host "evil\.example\.com\/x\?sslmode=disable" is not a host name or address$/],
      ['badport', `${p}_good`, '127.0.0.1', '5432; DROP TABLE tenants', /^db_port "5432; DROP TABLE tenants" is not a port number$/],
    ];
    await sql(fleet.hostDatabase, 'ALTER TABLE tenants ADD COLUMN db_host text, ADD COLUMN db_port text');
    for (const [id, dbName, dbHost, dbPort] of hostile) {
      await sql(fleet.hostDatabase, 'INSERT INTO tenants (id, name, db_name, db_host, db_port) VALUES ($1, $2, $3, $4, $5)', [id, `Hostile ${id}`, dbName, dbHost, dbPort]);
    }
    // Decoys: the databases a mangled name would reach (cut at the quote, the "?", the newline, or
    // truncated to 63 bytes). Each records every login in a table of its own.
    const decoys = [`${p}_x`, `${p}_t1`, `${p}_nl`, long.slice(0, 63)];
    for (const decoy of decoys) {
      await sql('postgres', `CREATE DATABASE ${quoteIdent(decoy)}`);
      await sql(
        decoy,
        `CREATE TABLE login_log (at timestamptz DEFAULT now(), app text);
         CREATE FUNCTION log_login() RETURNS event_trigger LANGUAGE plpgsql AS $$
           BEGIN INSERT INTO login_log (app) VALUES (current_setting('application_name')); END $$;
         CREATE EVENT TRIGGER log_login ON login EXECUTE FUNCTION log_login();`,
      );
    }
    const env = { ...fleet.env, FASTMIGRATE_TENANTS_QUERY: 'SELECT id, name, db_name, db_host, db_port FROM tenants WHERE is_active ORDER BY id' };

    const migrate = await cli(['migrate', '--json'], env);
    expect(migrate.code, migrate.stderr).toBe(1);
    const result = byId(migrate);
    expect(result.good).toMatchObject({ status: 'applied', to: 1 });
    expect(result.host.status).toBe('skipped');
    for (const [id, , , , problem] of hostile) {
      expect(result[id], id).toMatchObject({ status: 'failed', errorKind: 'invalid' });
      expect(result[id].error, id).toMatch(problem);
    }
    const text = await cli(['migrate'], env);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/quote: skipped, invalid tenant row: the database name ".*_x\\"; DROP DATABASE .*;--" has characters other than/);
    expect(text.stdout).toMatch(/10 databases: 0 migrated, 2 unchanged, 8 failed/);

    const status = parseJson(await cli(['status', '--json'], env));
    for (const [id, , , , problem] of hostile) {
      const d = status.databases.find((x: { id: string }) => x.id === id);
      expect(d, id).toMatchObject({ state: 'unreachable', reason: 'invalid' });
      expect(d.error, id).toMatch(problem);
    }
    const statusText = await cli(['status'], env);
    expect(statusText.stdout).toMatch(/newline +Hostile newline +– +1 +– +unreachable \(invalid tenant row\)/);
    const one = await cli(['migrate', '--tenant', 'query'], env);
    expect(one.code).toBe(1);
    expect(one.stdout).toMatch(/query: skipped, invalid tenant row/);
    const hist = await cli(['history', '--tenant', 'newline'], env);
    expect(hist.code).toBe(2);
    expect(hist.stderr).toMatch(/error: tenant "newline" cannot be read: the database name ".*_nl\\nx" has characters other than/);

    // Nothing reached the decoys, nothing ran in them, and the host database is intact.
    for (const decoy of decoys) {
      expect(await sql(decoy, "SELECT app FROM login_log WHERE app LIKE 'fastmigrate%'"), decoy).toEqual([]);
      expect(await tableExists(decoy, '_migration_versions'), decoy).toBe(false);
      expect(await tableExists(decoy, 'a'), decoy).toBe(false);
    }
    expect(await appliedVersions(fleet.hostDatabase)).toEqual([]);
    expect((await sql(fleet.hostDatabase, 'SELECT count(*)::int AS n FROM tenants'))[0].n).toBe(1 + hostile.length);
    // The login log works: a connection like ours would have been recorded.
    await withClient({ connectionString: urlFor(decoys[0]), application_name: 'fastmigrate-probe' }, async () => {});
    expect(await sql(decoys[0], "SELECT app FROM login_log WHERE app LIKE 'fastmigrate%'")).toEqual([{ app: 'fastmigrate-probe' }]);
    await expectNoLocksLeft(fleet);
  });
});
