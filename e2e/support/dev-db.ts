// For working on the dashboard: `node --import tsx e2e/support/dev-db.ts [port]` starts the e2e
// database (demo fleet + test users) and prints DATABASE_URL; Ctrl-C stops it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../lib/db/embedded';
import { startE2eDatabase, USERS } from './fleet';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fastmigrate-dev-'));
const port = Number(process.argv[2]) || (await freePort());
const { server, hostUrl } = await startE2eDatabase({ dir, port, password: 'dev-password', projectRoot: process.cwd(), log: (l) => console.error(l) });
console.log(`DATABASE_URL=${hostUrl}`);
for (const [role, u] of Object.entries(USERS)) console.log(`${role}: ${u.email} / ${u.password}`);
await new Promise<void>((resolve) => {
  process.once('SIGINT', resolve);
  process.once('SIGTERM', resolve);
});
await server.stop();
fs.rmSync(dir, { recursive: true, force: true });
