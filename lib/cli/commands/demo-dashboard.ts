// The demo's dashboard: an admin user with a random password, a build when there is none or it is
// stale, and the dashboard's server (app/lib/server/http-server.mjs, `next start` plus the socket's address) on --web-port, pointed at the demo database. It stops with the demo (and
// by itself when the demo process is gone: see lib/demo/watch-parent.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import { isPortFree } from '../../db/embedded';
import { upsertUser } from '../../auth/users';
import { buildDashboard, buildStaleness } from '../../demo/build-dashboard';
import { Engine, loadConfig, UsageError } from '../../engine';

export const DEMO_ADMIN_EMAIL = 'admin@demo.fastmigrate';

export interface DemoDashboard {
  url: string;
  email: string;
  password: string;
  stop: () => Promise<void>;
}

export async function startDemoDashboard(o: { projectRoot: string; databaseUrl: string; webPort: number; log: (line: string) => void }): Promise<DemoDashboard> {
  if (!(await isPortFree(o.webPort))) throw new UsageError(`port ${o.webPort} (the dashboard) is in use`, 'choose another with `npm run demo -- --web-port 3001`, or start without it: `npm run demo -- --no-dashboard`');

  const password = crypto.randomBytes(12).toString('base64url');
  const engine = Engine.open({ ...loadConfig(o.projectRoot), host: { url: o.databaseUrl }, databaseUrlSource: 'the demo' });
  try {
    await engine.host.ensureToolSchema();
    await upsertUser(engine.host.db, { email: DEMO_ADMIN_EMAIL, role: 'admin', password });
  } finally {
    await engine.close();
  }

  const stale = buildStaleness(o.projectRoot);
  if (stale) {
    o.log(`building the dashboard (${stale}; this takes a minute)…`);
    await buildDashboard({ projectRoot: o.projectRoot });
  }

  const url = `http://localhost:${o.webPort}`;
  const child = spawn(process.execPath, [path.join(o.projectRoot, 'app', 'lib', 'server', 'http-server.mjs'), '-p', String(o.webPort), '-H', '127.0.0.1'], {
    cwd: o.projectRoot,
    env: { ...process.env, DATABASE_URL: o.databaseUrl, FASTMIGRATE_PARENT_PID: String(process.pid), NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8_000);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', (chunk: Buffer) => {
    collect(chunk);
    for (const line of chunk.toString().split('\n')) if (line.trim()) o.log(`dashboard: ${line}`);
  });
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));

  await waitUntilUp(`http://127.0.0.1:${o.webPort}/login`, child, () => exited, () => output);
  void exit.then(() => {
    if (!stopping) o.log(`the dashboard stopped unexpectedly:\n${output.trim().split('\n').slice(-10).join('\n')}`);
  });

  let stopping = false;
  return {
    url,
    email: DEMO_ADMIN_EMAIL,
    password,
    stop: async () => {
      stopping = true;
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exit;
      clearTimeout(timer);
    },
  };
}

async function waitUntilUp(url: string, child: ChildProcess, exited: () => boolean, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exited()) throw new Error(`the dashboard did not start:\n${output().trim().split('\n').slice(-15).join('\n')}`);
    try {
      const res = await fetch(url, { redirect: 'manual' });
      if (res.status < 500) return;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  child.kill('SIGKILL');
  throw new Error(`the dashboard did not answer on ${url} within 60 s:\n${output().trim().split('\n').slice(-15).join('\n')}`);
}
