// The e2e suite's own PostgreSQL: embedded, in a temporary folder outside the source tree, on a free
// port, with the demo fleet (tenants behind, failed, unreachable) and one user per role.
import path from 'node:path';
import { startEmbeddedPostgres, type EmbeddedServer } from '../../lib/db/embedded';
import { DEMO_HOST_DATABASE } from '../../lib/demo/fleet';
import { seedDemo } from '../../lib/demo/seed';
import { Engine, loadConfig } from '../../lib/engine';
import { upsertUser } from '../../lib/auth/users';
import type { Role } from '../../lib/auth/roles';

/** Test accounts of a throw-away database (not secrets). */
export const USERS: Record<Role, { email: string; password: string }> = {
  admin: { email: 'admin@e2e.test', password: 'admin-e2e-password' },
  operator: { email: 'operator@e2e.test', password: 'operator-e2e-password' },
  viewer: { email: 'viewer@e2e.test', password: 'viewer-e2e-password' },
};

export interface E2eDatabase {
  server: EmbeddedServer;
  hostUrl: string;
}

export async function startE2eDatabase(o: { dir: string; port: number; password: string; projectRoot: string; log?: (line: string) => void }): Promise<E2eDatabase> {
  const server = await startEmbeddedPostgres({ dataDir: path.join(o.dir, 'data'), port: o.port, password: o.password, persistent: false, unsafeFast: true, maxConnections: 300 });
  const hostUrl = server.url(DEMO_HOST_DATABASE);
  try {
    process.env.DATABASE_URL = hostUrl;
    await seedDemo(server.url, DEMO_HOST_DATABASE, o.projectRoot, o.log ?? (() => {}));
    const engine = Engine.open({ ...loadConfig(o.projectRoot), host: { url: hostUrl }, databaseUrlSource: 'the e2e database' });
    try {
      await engine.host.ensureToolSchema();
      for (const [role, u] of Object.entries(USERS) as Array<[Role, { email: string; password: string }]>) await upsertUser(engine.host.db, { ...u, role });
    } finally {
      await engine.close();
    }
  } catch (error) {
    await server.stop().catch(() => {});
    throw error;
  }
  return { server, hostUrl };
}
