// `npm run bench [-- --tenants 1000]`: fastmigrate against a plain-pg floor and a sequential loop,
// measured in the same run as whole processes. Prints a table and writes bench-results/*.json.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { parse as parseUrl } from 'pg-connection-string';
import { quoteIdent, withClient } from '../db/connection';
import { freePort, scratchDir, startEmbeddedPostgres, type EmbeddedServer } from '../db/embedded';
import { mapBounded } from '../util/concurrency';
import { measureMatrixPage, type PageMeasure } from './dashboard';
import { benchMigrations, writeBenchMigrations, type BenchMigration } from './workload';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const CLI = path.join(ROOT, 'lib', 'cli', 'bin.mjs');
const RAW = path.join(ROOT, 'lib', 'bench', 'raw.mjs');

interface Measure {
  ms: number;
  rssMb: number | null;
}

interface Row {
  operation: string;
  fastmigrate: Measure;
  raw: Measure | null;
  sequential: Measure | null;
}

const program = new Command('bench')
  .option('--tenants <n>', 'tenant databases', (v) => Number(v), 200)
  .option('--concurrency <n>', 'databases at once', (v) => Number(v), 8)
  .option('--migrations <n>', 'tenant migrations in the set', (v) => Number(v), 25)
  .option('--skip-sequential', 'skip the sequential baseline (slow at 1,000 tenants)')
  .option('--skip-dashboard', 'skip the matrix page measurement (which builds the dashboard if needed)')
  .parse(process.argv.slice(1)); // argv[1] is the tsx launcher, argv[2] this file
const opts = program.opts<{ tenants: number; concurrency: number; migrations: number; skipSequential?: boolean; skipDashboard?: boolean }>();
let page: PageMeasure | null = null;

async function main() {
  const work = scratchDir('fastmigrate-bench');
  let server: EmbeddedServer | null = null;
  let adminUrl = process.env.BENCH_DATABASE_URL;
  if (!adminUrl) {
    log('starting an embedded PostgreSQL…');
    server = await startEmbeddedPostgres({ dataDir: path.join(work, 'data'), port: await freePort(), password: 'bench-pw', persistent: false, maxConnections: 400 });
    adminUrl = server.url('postgres');
  }
  try {
    const rows = await benchmark(adminUrl, work);
    report(rows);
  } finally {
    await server?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

async function benchmark(adminUrl: string, work: string): Promise<Row[]> {
  const prefix = `bench${process.pid}`;
  const hostDb = `${prefix}_host`;
  const tenants = Array.from({ length: opts.tenants }, (_, i) => `${prefix}_t${i + 1}`);
  const urlOf = (db: string) => Object.assign(new URL(adminUrl), { pathname: `/${db}` }).toString();
  const migrations = benchMigrations(opts.migrations);
  const migrationsDir = path.join(work, 'migrations');
  writeBenchMigrations(migrationsDir, migrations);

  log(`creating ${opts.tenants} tenant databases…`);
  await withClient({ connectionString: adminUrl }, async (c) => {
    await c.query(`CREATE DATABASE ${quoteIdent(hostDb)}`);
  });
  await mapBounded(tenants, 4, (db) => withClient({ connectionString: adminUrl }, (c) => c.query(`CREATE DATABASE ${quoteIdent(db)}`)));
  await withClient({ connectionString: urlOf(hostDb) }, async (c) => {
    await c.query('CREATE TABLE tenants (id text PRIMARY KEY, name text NOT NULL, db_name text NOT NULL, is_active boolean NOT NULL DEFAULT true)');
    await c.query(`INSERT INTO tenants SELECT db, 'Tenant ' || db, db, true FROM unnest($1::text[]) db`, [tenants]);
  });

  const env = { DATABASE_URL: urlOf(hostDb), MIGRATIONS_DIR: migrationsDir };
  // Each timed operation starts from a quiet server: a checkpoint first, so that one side does not
  // pay for the other's writes (the first measurement after a large migrate would).
  const settle = () => withClient({ connectionString: adminUrl }, (c) => c.query('CHECKPOINT'));
  const cli = async (...args: string[]) => {
    await settle();
    return timed(process.execPath, [CLI, ...args, '--tenants-only', '--concurrency', String(opts.concurrency), '--json'], env);
  };
  const raw = async (mode: 'up' | 'down' | 'status', sql: string[], concurrency = opts.concurrency) => {
    const jobFile = path.join(work, `job-${mode}-${Date.now()}.json`);
    const { host, port, user, password } = parseUrl(adminUrl);
    fs.writeFileSync(jobFile, JSON.stringify({ connection: { host, port: Number(port), user, password }, databases: tenants, concurrency, mode, sql }));
    await settle();
    return timed(process.execPath, [RAW, jobFile], {});
  };
  /** Status is quick: the median of three rounds, taken in turns. */
  const statusRound = async () => {
    const ours: Measure[] = [];
    const floor: Measure[] = [];
    for (let i = 0; i < 3; i++) {
      ours.push(await cli('status'));
      floor.push(await raw('status', []));
    }
    return { fastmigrate: median(ours), raw: median(floor), sequential: opts.skipSequential ? null : await raw('status', [], 1) };
  };
  const ups = (ms: BenchMigration[]) => ms.map((m) => m.up);
  const downs = (ms: BenchMigration[]) => [...ms].reverse().map((m) => m.down);
  const rows: Row[] = [];

  await cli('status'); // creates the tool's schema in the host database, as any first use does
  log('status, everything behind…');
  rows.push({ operation: 'status (all behind)', ...(await statusRound()) });

  log('migrate: raw baseline…');
  const rawUp = await raw('up', ups(migrations));
  await raw('down', downs(migrations));
  let sequentialUp: Measure | null = null;
  if (!opts.skipSequential) {
    log('migrate: sequential baseline…');
    sequentialUp = await raw('up', ups(migrations), 1);
    await raw('down', downs(migrations));
  }
  log('migrate: fastmigrate…');
  rows.push({ operation: `migrate (${migrations.length} migrations)`, fastmigrate: await cli('migrate'), raw: rawUp, sequential: sequentialUp });

  log('status, everything up to date…');
  rows.push({ operation: 'status (up to date)', ...(await statusRound()) });

  log('rollback --steps 1…');
  const ours = await cli('rollback', '--steps', '1');
  const last = migrations.slice(-1);
  await raw('up', ups(last));
  rows.push({ operation: 'rollback --steps 1', fastmigrate: ours, raw: await raw('down', downs(last)), sequential: null });

  if (!opts.skipDashboard) {
    log('dashboard matrix page (builds the dashboard first if needed)…');
    process.env.MIGRATIONS_DIR = migrationsDir;
    page = await measureMatrixPage({ projectRoot: ROOT, databaseUrl: urlOf(hostDb), log: (line) => log(`  ${line}`) });
  }

  await mapBounded([hostDb, ...tenants], 4, (db) => withClient({ connectionString: adminUrl }, (c) => c.query(`DROP DATABASE ${quoteIdent(db)} WITH (FORCE)`)));
  return rows;
}

function median(measures: Measure[]): Measure {
  return [...measures].sort((a, b) => a.ms - b.ms)[Math.floor(measures.length / 2)];
}

function timed(cmd: string, args: string[], env: Record<string, string>): Promise<Measure> {
  const started = performance.now();
  const child = spawn(cmd, args, { env: { ...process.env, ...env, FASTMIGRATE_REPORT_RSS: '1', NO_COLOR: '1', CI: '1' }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve, reject) =>
    child.on('close', (code) => {
      const ms = performance.now() - started;
      const rss = stderr.match(/\{"rssMb":([\d.]+)\}/);
      if (code !== 0 && code !== 1) reject(new Error(`${path.basename(args[0])} ${args.slice(1, 3).join(' ')} exited ${code}:\n${stderr.slice(-2000)}`));
      else resolve({ ms, rssMb: rss ? Number(rss[1]) : null });
    }),
  );
}

function report(rows: Row[]) {
  const s = (m: Measure | null) => (m ? `${(m.ms / 1000).toFixed(2)} s` : '–');
  const ratio = (a: Measure, b: Measure | null) => (b ? `${(a.ms / b.ms).toFixed(2)}×` : '–');
  const table = [
    ['operation', 'fastmigrate', 'raw pg', 'vs raw', 'sequential', 'speed-up vs sequential', 'peak RSS'],
    ...rows.map((r) => [
      r.operation,
      s(r.fastmigrate),
      s(r.raw),
      ratio(r.fastmigrate, r.raw),
      s(r.sequential),
      r.sequential ? `${(r.sequential.ms / r.fastmigrate.ms).toFixed(2)}×` : '–',
      r.fastmigrate.rssMb ? `${Math.round(r.fastmigrate.rssMb)} MB` : '–',
    ]),
  ];
  const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
  console.log(`\n${opts.tenants} tenants × ${opts.migrations} migrations, concurrency ${opts.concurrency}, ${os.cpus().length} cores\n`);
  for (const row of table) console.log(row.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '));
  if (page) {
    console.log(
      `\ndashboard matrix page, ${opts.tenants} tenants × ${opts.migrations + 1} versions: ${Math.round(page.ms)} ms (median of warm requests; first ${Math.round(page.firstMs)} ms), ${(page.bytes / 1024).toFixed(0)} KB of HTML, ${page.rows} table rows`,
    );
  }
  const outDir = path.join(ROOT, 'bench-results');
  fs.mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, `bench-${opts.tenants}.json`);
  fs.writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), ...opts, cores: os.cpus().length, rows, matrixPage: page }, null, 2));
  console.log(`\nwritten to ${path.relative(process.cwd(), file)}`);
}

const log = (line: string) => process.stderr.write(`${line}\n`);

await main();
