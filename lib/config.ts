// Where the tool finds its databases and files (DESIGN §4). One loader for the CLI and the dashboard.
import fs from 'node:fs';
import path from 'node:path';
import dotenv from 'dotenv';
import { parse as parseConnectionString } from 'pg-connection-string';
import { z } from 'zod';
import { problem, ProblemError } from './problem';

/** Bad configuration (DATABASE_URL, the tenants query, …): exit code 2, nothing ran. */
export class ConfigError extends ProblemError {
  constructor(message: string, hint: string, kind: 'config' | 'unreachable' | 'auth-failed' = 'config') {
    super(problem(kind, message, { hint }));
  }
}

export interface Config {
  /** The host database URL. Holds a password: never print it (see lib/db/redact.ts). */
  databaseUrl: string;
  /** Where the URL came from, for messages: `DATABASE_URL` or the demo's state file. */
  databaseUrlSource: string;
  migrationsDir: string;
  tenantsQuery: string | null;
  /** Extra servers' URLs (credentials for tenants on other servers), from FASTMIGRATE_SERVER_URLS. */
  serverUrls: string[];
  projectRoot: string;
}

export const DEFAULT_TENANTS_QUERY = 'SELECT id, name, db_name FROM tenants WHERE is_active';

const demoStateSchema = z.object({ url: z.string(), pid: z.number().optional(), dashboardUrl: z.string().optional() });
export type DemoState = z.infer<typeof demoStateSchema>;

export function demoStatePath(projectRoot: string): string {
  return path.join(projectRoot, '.fastmigrate', 'demo.json');
}

export function readDemoState(projectRoot: string): DemoState | null {
  try {
    return demoStateSchema.parse(JSON.parse(fs.readFileSync(demoStatePath(projectRoot), 'utf8')));
  } catch {
    return null;
  }
}

let envLoaded = false;

/** `.env.local` wins over `.env`; the real environment wins over both. */
export function loadEnvFiles(projectRoot: string): void {
  if (envLoaded) return;
  envLoaded = true;
  for (const file of ['.env.local', '.env']) {
    const full = path.join(projectRoot, file);
    if (fs.existsSync(full)) dotenv.config({ path: full, quiet: true, override: false });
  }
}

/**
 * A URL that cannot be used is bad configuration (exit code 2), said without repeating the URL:
 * it may hold a password.
 */
function checkUrl(url: string, source: string): string {
  let ok: boolean;
  try {
    const parsed = parseConnectionString(url);
    ok = /^postgres(ql)?:\/\//i.test(url) && /^\d*$/.test(String(parsed.port ?? ''));
  } catch {
    ok = false;
  }
  if (!ok) {
    throw new ConfigError(
      `${source} is not a PostgreSQL connection URL`,
      `write it as postgres://USER:PASSWORD@HOST:5432/DATABASE (percent-encode special characters in the password)`,
    );
  }
  return url;
}

export function loadConfig(projectRoot: string = process.cwd(), env: NodeJS.ProcessEnv = process.env): Config {
  loadEnvFiles(projectRoot);
  const migrationsDir = path.resolve(projectRoot, env.MIGRATIONS_DIR || 'migrations');
  const tenantsQuery = env.FASTMIGRATE_TENANTS_QUERY?.trim() || null;
  const serverUrls = (env.FASTMIGRATE_SERVER_URLS ?? '')
    .split(/[\s,]+/)
    .filter(Boolean);
  const base = { migrationsDir, tenantsQuery, serverUrls, projectRoot };

  serverUrls.forEach((url, i) => checkUrl(url, `entry ${i + 1} of FASTMIGRATE_SERVER_URLS`));
  if (env.DATABASE_URL) return { ...base, databaseUrl: checkUrl(env.DATABASE_URL, 'DATABASE_URL'), databaseUrlSource: 'DATABASE_URL' };
  const demo = readDemoState(projectRoot);
  if (demo) return { ...base, databaseUrl: demo.url, databaseUrlSource: 'the demo (.fastmigrate/demo.json)' };
  throw new ConfigError(
    'no database configured: DATABASE_URL is not set and no demo is running',
    'set DATABASE_URL=postgres://USER:PASSWORD@HOST:5432/DATABASE (in the environment or .env), or start the demo with `npm run demo`',
  );
}
