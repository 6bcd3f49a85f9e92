// Vitest global setup: one real PostgreSQL for the whole run (embedded, or TEST_DATABASE_URL).
import fs from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort, scratchDir, startEmbeddedPostgres, type EmbeddedServer } from '../db/embedded';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A superuser URL to the `postgres` database of the test server. */
    adminUrl: string;
  }
}

let server: EmbeddedServer | null = null;
let dir: string | null = null;

export async function setup(project: TestProject) {
  if (process.env.TEST_DATABASE_URL) {
    project.provide('adminUrl', process.env.TEST_DATABASE_URL);
    return;
  }
  dir = scratchDir('fastmigrate-test');
  server = await startEmbeddedPostgres({
    dataDir: path.join(dir, 'data'),
    port: await freePort(),
    password: 'test-secret-pw',
    persistent: false,
    maxConnections: 300,
    unsafeFast: true,
  });
  project.provide('adminUrl', server.url('postgres'));
}

export async function teardown() {
  await server?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}
