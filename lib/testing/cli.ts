// Runs the real CLI as a subprocess, the way users and CI do.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from './fleet';

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

const BIN = path.join(PROJECT_ROOT, 'lib', 'cli', 'bin.mjs');

/** The reference tool's variables are a configuration of their own: never inherit them by accident. */
const NO_POSTGRES_VARIABLES = { POSTGRES_HOST: '', POSTGRES_PORT: '', POSTGRES_USERNAME: '', POSTGRES_PASSWORD: '', POSTGRES_DATABASE: '' };

export function spawnCli(args: string[], env: Record<string, string> = {}, cwd = PROJECT_ROOT): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', CI: '1', DATABASE_URL: '', FASTMIGRATE_TENANTS_QUERY: '', ...NO_POSTGRES_VARIABLES, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export function collect(child: ChildProcess): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
}

export function runCli(args: string[], env: Record<string, string> = {}, cwd = PROJECT_ROOT): Promise<CliResult> {
  return collect(spawnCli(args, env, cwd));
}
