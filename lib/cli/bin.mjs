#!/usr/bin/env node
// The `fastmigrate` command. It runs a bundle of the TypeScript CLI, rebuilt with esbuild whenever a
// source file is newer: start-up stays at node's own speed (CI runs it per tenant fleet, and the
// benchmark counts whole processes) with no build step for users to remember.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const libDir = path.dirname(here);
const bundle = path.join(here, '.build', 'fastmigrate.mjs');

// `fastmigrate status | head` closes the pipe early: that is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

// The benchmark reads the runner's peak memory from here.
if (process.env.FASTMIGRATE_REPORT_RSS) {
  process.on('exit', () => process.stderr.write(`${JSON.stringify({ rssMb: process.resourceUsage().maxRSS / 1024 })}\n`));
}

function newestSource(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (/\.(ts|json)$/.test(entry.name) && !entry.name.endsWith('.test.ts')) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

async function ensureBundle() {
  const built = fs.existsSync(bundle) ? fs.statSync(bundle).mtimeMs : 0;
  if (built > newestSource(libDir)) return;
  const { build } = await import('esbuild');
  // Several processes may start at once: each writes its own file and renames it into place.
  const temp = `${bundle}.${process.pid}.tmp`;
  await build({
    entryPoints: [path.join(here, 'main.ts')],
    outfile: temp,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
  });
  fs.renameSync(temp, bundle);
}

await ensureBundle();
await import(pathToFileURL(bundle).href);
