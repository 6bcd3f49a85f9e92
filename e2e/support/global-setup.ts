// Before the specs: the e2e PostgreSQL with the demo fleet and one user per role. (The web server
// is already up; it connects on first use.)
import fs from 'node:fs';
import { startE2eDatabase } from './fleet';

export default async function globalSetup() {
  const dir = process.env.FM_E2E_DIR!;
  const started = Date.now();
  const { server } = await startE2eDatabase({
    dir,
    port: Number(process.env.FM_E2E_PG_PORT),
    password: process.env.FM_E2E_PG_PASSWORD!,
    projectRoot: process.cwd(),
  });
  console.log(`e2e: PostgreSQL with the demo fleet ready on port ${server.port} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return async () => {
    await server.stop().catch(() => {});
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
