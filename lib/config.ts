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

/** Connection settings given one by one (the reference tool's POSTGRES_* variables). */
export interface ConnectionSettings {
  host: string;
  port: number;
  user?: string;
  password?: string;
  database?: string;
}

/** The host database: a URL, or settings. Holds a password: never print it (lib/util/redact.ts). */
export type HostConnection = { url: string } | { settings: ConnectionSettings };

export interface Config {
  host: HostConnection;
  /** Where the host's connection came from, for messages: `DATABASE_URL`, the POSTGRES_* variables or the demo's state file. */
  databaseUrlSource: string;
  migrationsDir: string;
  tenantsQuery: string | null;
  /** Extra servers' URLs (credentials for tenants on other servers), from FASTMIGRATE_SERVER_URLS. */
  serverUrls: string[];
  projectRoot: string;
}

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
  if (env.DATABASE_URL) return { ...base, host: { url: checkUrl(env.DATABASE_URL, 'DATABASE_URL') }, databaseUrlSource: 'DATABASE_URL' };
  const postgres = postgresSettings(env);
  if (postgres) return { ...base, host: { settings: postgres }, databaseUrlSource: 'the POSTGRES_* variables' };
  const demo = readDemoState(projectRoot);
  if (demo) return { ...base, host: { url: demo.url }, databaseUrlSource: 'the demo (.fastmigrate/demo.json)' };
  throw new ConfigError(
    'no database configured: DATABASE_URL is not set and no demo is running',
    'set DATABASE_URL=postgres://USER:PASSWORD@HOST:5432/DATABASE (in the environment or .env), or start the demo with `npm run demo`',
  );
}

const POSTGRES_VARIABLES = ['POSTGRES_HOST', 'POSTGRES_PORT', 'POSTGRES_USERNAME', 'POSTGRES_PASSWORD', 'POSTGRES_DATABASE'] as const;

/**
 * The reference tool (fastmigrate_multi.py) configured the host database with POSTGRES_HOST,
 * POSTGRES_PORT (default 5432), POSTGRES_USERNAME, POSTGRES_PASSWORD and POSTGRES_DATABASE.
 * Used when DATABASE_URL is not set; null when none of them is set either.
 */
function postgresSettings(env: NodeJS.ProcessEnv): ConnectionSettings | null {
  if (!POSTGRES_VARIABLES.some((name) => env[name])) return null;
  const missing = (['POSTGRES_HOST', 'POSTGRES_DATABASE'] as const).filter((name) => !env[name]);
  if (missing.length) {
    throw new ConfigError(
      `${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} not set (the other POSTGRES_* variables are)`,
      'set POSTGRES_HOST, POSTGRES_PORT, POSTGRES_USERNAME, POSTGRES_PASSWORD and POSTGRES_DATABASE (the host database), or set DATABASE_URL instead',
    );
  }
  const port = env.POSTGRES_PORT ? Number(env.POSTGRES_PORT) : 5432;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new ConfigError(`POSTGRES_PORT is not a port number`, 'set POSTGRES_PORT to the server\'s port, e.g. 5432');
  }
  return { host: env.POSTGRES_HOST!, port, user: env.POSTGRES_USERNAME || undefined, password: env.POSTGRES_PASSWORD || undefined, database: env.POSTGRES_DATABASE };
}
