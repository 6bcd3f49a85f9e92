import fs from 'node:fs';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

// Two projects: `unit` (pure code, no PostgreSQL started) and `integration` (a real PostgreSQL from
// the global setup). A test file is an integration test when it uses the PostgreSQL fixtures or a
// server of its own: it imports lib/testing/, lib/safety/support or lib/db/embedded.
const ROOT = import.meta.dirname;
const USES_POSTGRES = /from ['"][./]*(testing\/|safety\/support|support['"]|db\/embedded)/;

function testFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name.startsWith('.') || entry.name === 'node_modules' ? [] : testFiles(rel);
    return /\.test\.tsx?$/.test(entry.name) ? [rel] : [];
  });
}

const all = [...testFiles('lib'), ...testFiles('app')];
const integration = all.filter((f) => USES_POSTGRES.test(fs.readFileSync(path.join(ROOT, f), 'utf8')));
const unit = all.filter((f) => !integration.includes(f));

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Integration suites create their own databases on one shared server; run files in parallel
    // but keep the process count modest for a 2-core machine.
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'unit', include: unit } },
      { extends: true, test: { name: 'integration', include: integration, globalSetup: ['lib/testing/global-setup.ts'] } },
    ],
  },
});
