// `npm run demo`: an embedded PostgreSQL with a demo fleet (and the dashboard), running until Ctrl-C.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { startEmbeddedPostgres, isPortFree } from '../../db/embedded';
import { DEMO_HOST_DATABASE } from '../../demo/fleet';
import { seedDemo } from '../../demo/seed';
import { demoDataDir, isAlive, readDemoState, writeDemoState } from '../../demo/state';
import { UsageError } from '../../engine';
import type { CommandContext } from '../run-command';
import { color, err, out } from '../output';
import { startDemoDashboard, type DemoDashboard } from './demo-dashboard';

interface DemoOptions {
  json?: boolean;
  dashboard: boolean;
  port: number;
  webPort: number;
  reset?: boolean;
}

export async function demoCommand(_ctx: CommandContext, o: DemoOptions): Promise<number> {
  const projectRoot = process.cwd();
  const previous = readDemoState(projectRoot);
  if (previous && isAlive(previous.pid)) {
    throw new UsageError(`the demo is already running (process ${previous.pid})`, 'use it as it is, or stop it with Ctrl-C in its terminal first');
  }
  const dataDir = demoDataDir(projectRoot);
  if (o.reset) fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
  const fresh = !fs.existsSync(path.join(dataDir, 'PG_VERSION'));
  const password = !fresh && previous ? new URL(previous.url).password : crypto.randomBytes(18).toString('base64url');
  if (!(await isPortFree(o.port))) throw new UsageError(`port ${o.port} is in use`, 'choose another with `npm run demo -- --port 54330`');

  err(color.dim(`starting PostgreSQL (data in ${dataDir})…`));
  const server = await startEmbeddedPostgres({ dataDir, port: o.port, password: decodeURIComponent(password), persistent: true });
  const url = server.url(DEMO_HOST_DATABASE);
  writeDemoState(projectRoot, { url, pid: process.pid });
  if (fresh) {
    err(color.dim('creating the demo fleet…'));
    await seedDemo(server.url, DEMO_HOST_DATABASE, projectRoot, (line) => err(color.dim(`  ${line}`)));
  }

  // The dashboard: an admin with a fresh random password (printed below, stored nowhere), then
  // `next build` when needed and `next start`, stopped with the demo.
  let dashboard: DemoDashboard | null = null;
  if (o.dashboard) {
    try {
      dashboard = await startDemoDashboard({ projectRoot, databaseUrl: url, webPort: o.webPort, log: (line) => err(color.dim(line)) });
      writeDemoState(projectRoot, { url, pid: process.pid, dashboardUrl: dashboard.url });
    } catch (error) {
      await server.stop();
      throw error;
    }
  }

  out(`\n${color.green('✓')} FastMigrate demo is running: PostgreSQL on 127.0.0.1:${o.port}, host database ${color.bold(DEMO_HOST_DATABASE)}.`);
  out(`\nIn another terminal, from this folder:\n`);
  for (const cmd of ['npx fastmigrate status', 'npx fastmigrate migrate --dry-run', 'npx fastmigrate migrate', 'npx fastmigrate rollback --tenant acme', 'npx fastmigrate history --tenant acme']) {
    out(`  ${color.cyan(cmd)}`);
  }
  if (dashboard) {
    out(`\nDashboard: ${color.bold(color.cyan(dashboard.url))}`);
    out(`  sign in as ${color.bold(dashboard.email)} with the password ${color.bold(dashboard.password)}`);
    out(color.dim('  (a new password is set each time the demo starts; add users with `npx fastmigrate user add <email> --role viewer|operator|admin`)'));
  }
  out(color.dim(`\nPress Ctrl-C to stop. Data is kept for the next \`npm run demo\` (\`--reset\` starts afresh).`));

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  err(color.dim('\nstopping…'));
  await dashboard?.stop();
  writeDemoState(projectRoot, { url });
  await server.stop();
  return 0;
}
