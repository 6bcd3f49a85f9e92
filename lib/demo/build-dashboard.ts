// Building the dashboard (`next build`) for the demo and the e2e suite, only when needed.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** What the build is made of: a change to any of these makes the build stale. */
const SOURCES = ['app', 'lib', 'public', 'auth.ts', 'auth.config.ts', 'proxy.ts', 'instrumentation.ts', 'next.config.ts', 'postcss.config.mjs', 'package.json', 'package-lock.json', 'tsconfig.json'];

/** Not part of the build: tests, and generated folders such as the CLI's bundle (lib/cli/.build). */
const IGNORED = (name: string) => name.startsWith('.') || name === 'node_modules' || /\.test\.tsx?$/.test(name);

function newestMtime(file: string): number {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(file)) if (!IGNORED(entry)) newest = Math.max(newest, newestMtime(path.join(file, entry)));
  return newest;
}

/** Null when the build in `distDir` is newer than every source, else why it must be rebuilt. */
export function buildStaleness(projectRoot: string, distDir = '.next'): string | null {
  const buildId = path.join(projectRoot, distDir, 'BUILD_ID');
  if (!fs.existsSync(buildId)) return 'there is no build yet';
  const built = fs.statSync(buildId).mtimeMs;
  const newest = Math.max(...SOURCES.map((s) => newestMtime(path.join(projectRoot, s))));
  return newest > built ? 'the sources changed since the last build' : null;
}

/**
 * Runs `next build`. Next.js rewrites tsconfig.json (adding its dist folder's type globs) and
 * next-env.d.ts on every build; both are put back as they were, so a build never dirties the tree.
 */
export async function buildDashboard(o: { projectRoot: string; distDir?: string; env?: NodeJS.ProcessEnv; onOutput?: (chunk: string) => void }): Promise<void> {
  const keep = ['tsconfig.json', 'next-env.d.ts'].map((name) => {
    const file = path.join(o.projectRoot, name);
    return fs.existsSync(file) ? { file, content: fs.readFileSync(file), mtime: fs.statSync(file).mtime } : { file, content: null, mtime: null };
  });
  try {
    try {
      await runNextBuild(o);
    } catch (error) {
      // Turbopack's build cache can go stale when source files move (it panics with
      // "TurbopackInternalError … was canceled"): build once more from an empty dist folder.
      if (!/TurbopackInternalError/.test(String(error))) throw error;
      o.onOutput?.('\nnext build: the build cache is stale; building again from scratch\n');
      fs.rmSync(path.join(o.projectRoot, o.distDir ?? '.next'), { recursive: true, force: true });
      await runNextBuild(o);
    }
  } finally {
    for (const { file, content, mtime } of keep) {
      if (content === null) fs.rmSync(file, { force: true });
      else if (!fs.existsSync(file) || !fs.readFileSync(file).equals(content)) {
        fs.writeFileSync(file, content);
        // As it was, timestamp included: the restored file is not a change (for the staleness check, tsc -b, editors).
        fs.utimesSync(file, mtime!, mtime!);
      }
    }
  }
}

function runNextBuild(o: { projectRoot: string; distDir?: string; env?: NodeJS.ProcessEnv; onOutput?: (chunk: string) => void }): Promise<void> {
  const nextBin = path.join(o.projectRoot, 'node_modules', 'next', 'dist', 'bin', 'next');
  return new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin, 'build'], {
      cwd: o.projectRoot,
      env: { ...process.env, ...o.env, ...(o.distDir ? { FASTMIGRATE_NEXT_DIST_DIR: o.distDir } : {}), NEXT_TELEMETRY_DISABLED: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      output = (output + text).slice(-20_000);
      o.onOutput?.(text);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`next build failed (${signal ?? `exit code ${code}`}):\n${output.trim().split('\n').slice(-40).join('\n')}`))));
  });
}
