// Playwright's web server: `next build` (when the e2e build is missing or stale), then the dashboard's server (`npm start`).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { buildDashboard, buildStaleness } from '../../lib/demo/build-dashboard';

const root = process.cwd();
const distDir = process.env.FASTMIGRATE_NEXT_DIST_DIR ?? '.fastmigrate/next-e2e';
const stale = process.env.FM_E2E_REBUILD ? 'FM_E2E_REBUILD is set' : buildStaleness(root, distDir);
if (stale) {
  console.log(`e2e: next build (${stale})…`);
  const started = Date.now();
  await buildDashboard({ projectRoot: root, distDir });
  console.log(`e2e: built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
const server = spawn(process.execPath, [path.join(root, 'app/lib/server/http-server.mjs'), '-p', process.env.FM_E2E_WEB_PORT ?? '3000', '-H', '127.0.0.1'], {
  cwd: root,
  stdio: 'inherit',
  env: process.env,
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
