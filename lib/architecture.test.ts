// The layers (README, Development): app/ and lib/cli/ → lib/engine/ → lib/runs/ → lib/migrations/ →
// lib/db/, and nothing points back up. This test reads every import of every source file and fails
// on one that goes against that direction, or on a "Pure" module that does I/O.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');

/** Each area and the areas it may import from (besides itself). */
const ALLOWED: Record<string, readonly string[]> = {
  'lib/problem.ts': [],
  'lib/util': [],
  'lib/config.ts': ['lib/problem.ts', 'lib/util'],
  'lib/db': ['lib/problem.ts', 'lib/util', 'lib/config.ts'],
  'lib/migrations': ['lib/db', 'lib/problem.ts', 'lib/util'],
  'lib/tenants': ['lib/db', 'lib/config.ts', 'lib/problem.ts', 'lib/util'],
  // Adopting what other tools left: their files (import) and their history tables (baseline).
  'lib/adopt': ['lib/migrations', 'lib/db', 'lib/problem.ts', 'lib/util'],
  'lib/runs': ['lib/migrations', 'lib/db', 'lib/problem.ts', 'lib/util'],
  'lib/engine': ['lib/runs', 'lib/adopt', 'lib/migrations', 'lib/tenants', 'lib/db', 'lib/config.ts', 'lib/problem.ts', 'lib/util'],
  'lib/views': ['lib/engine/index.ts', 'lib/util'],
  'lib/auth': ['lib/engine/index.ts', 'lib/db', 'lib/problem.ts', 'lib/util'],
  'lib/demo': ['lib/engine/index.ts', 'lib/auth', 'lib/db', 'lib/config.ts', 'lib/util'],
  // The embedded PostgreSQL is tooling (`fastmigrate demo`), not part of the engine.
  'lib/cli': ['lib/engine/index.ts', 'lib/views', 'lib/auth', 'lib/demo', 'lib/db/embedded.ts', 'lib/util'],
  app: ['lib/engine/index.ts', 'lib/views', 'lib/auth', 'lib/util', 'root'],
  // auth.config.ts is also loaded by proxy.ts on every request: it takes the one small module it needs.
  root: ['lib/engine/index.ts', 'lib/auth', 'lib/demo', 'app', 'lib/util', 'lib/db/host-error.ts'],
};

/** Test support and tools: free to reach into any layer. */
const EXEMPT = [/\.test\.tsx?$/, /^lib\/testing\//, /^lib\/safety\//, /^lib\/bench\//, /^e2e\//, /^lib\/architecture\.test\.ts$/];

const ROOT_FILES = ['auth.ts', 'auth.config.ts', 'proxy.ts', 'instrumentation.ts'];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name.startsWith('.') || entry.name === 'node_modules' ? [] : sourceFiles(rel);
    return /\.(ts|tsx|mjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [rel] : [];
  });
}

function areaOf(file: string): string | null {
  if (ROOT_FILES.includes(file)) return 'root';
  return Object.keys(ALLOWED)
    .filter((area) => file === area || file.startsWith(`${area}/`))
    .sort((a, b) => b.length - a.length)[0] ?? null;
}

const IMPORT = /(?:^|[^\w.])(?:import|export)\b\s*(type\s+)?(?:[^'"()]*?\sfrom\s*)?\(?\s*['"]([^'"]+)['"]/g;

function importsOf(file: string, { valuesOnly = false } = {}): string[] {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  return [...text.matchAll(IMPORT)].filter((m) => !(valuesOnly && m[1])).map((m) => m[2]);
}

/** A project file an import points at, relative to the root, or null for a package. */
function resolve(from: string, spec: string): string | null {
  let base: string;
  if (spec.startsWith('@/')) base = spec.slice(2);
  else if (spec.startsWith('.')) base = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
  else return null;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}.mjs`, `${base}/index.ts`]) {
    const full = path.join(ROOT, candidate);
    if (fs.existsSync(full) && fs.statSync(full).isFile()) return candidate;
  }
  return base;
}

function allowed(fromArea: string, target: string): boolean {
  const toArea = areaOf(target);
  if (!toArea || toArea === fromArea) return true;
  return ALLOWED[fromArea].some((a) => target === a || target.startsWith(`${a}/`) || toArea === a);
}

const FILES = [...ROOT_FILES, ...sourceFiles('lib'), ...sourceFiles('app')].filter((f) => !EXEMPT.some((re) => re.test(f)));

describe('architecture', () => {
  it('every source file belongs to a layer', () => {
    expect(FILES.filter((f) => !areaOf(f))).toEqual([]);
  });

  it('imports point down the layers only, and app/ and lib/cli/ use the engine through lib/engine/index.ts', () => {
    const violations: string[] = [];
    for (const file of FILES) {
      const area = areaOf(file)!;
      for (const spec of importsOf(file)) {
        const target = resolve(file, spec);
        if (target && !allowed(area, target)) violations.push(`${file} imports ${spec} (${areaOf(target)})`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('modules that say they are pure import neither pg, fs, child processes nor drizzle', () => {
    const io = /^(pg|pg-copy-streams|drizzle-orm.*|node:(fs|fs\/promises|child_process|net|os)|fs|child_process)$/;
    const offenders = FILES.filter((f) => /^\/\/ Pure\b/.test(fs.readFileSync(path.join(ROOT, f), 'utf8'))).flatMap((f) =>
      importsOf(f)
        .filter((spec) => io.test(spec))
        .map((spec) => `${f} imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it("client components ('use client') reach no server code: no engine, database or driver in the browser bundle", () => {
    // In lib/, the browser may only reach modules that say they are pure (and so do no I/O).
    const isPure = (file: string) => /^\/\/ [^\n]*\bPure\b/.test(fs.readFileSync(path.join(ROOT, file), 'utf8'));
    const server = (file: string) => /^app\/lib\/server\//.test(file) || (file.startsWith('lib/') && !isPure(file));
    const clients = FILES.filter((f) => /^['"]use client['"]/.test(fs.readFileSync(path.join(ROOT, f), 'utf8')));
    const offenders: string[] = [];
    for (const client of clients) {
      const seen = new Set<string>();
      const walk = (file: string, via: string[]) => {
        for (const spec of importsOf(file, { valuesOnly: true })) {
          const target = resolve(file, spec);
          if (!target || seen.has(target)) continue;
          seen.add(target);
          // Server actions are called from the browser by reference, never bundled into it.
          if (/^app\/actions\//.test(target)) continue;
          if (server(target)) offenders.push([client, ...via, target].join(' → '));
          else if (fs.existsSync(path.join(ROOT, target))) walk(target, [...via, target]);
        }
      };
      walk(client, []);
    }
    expect(offenders).toEqual([]);
  });

  it('catches an import against the direction (the check itself works)', () => {
    expect(allowed('lib/db', 'lib/migrations/types.ts')).toBe(false);
    expect(allowed('lib/migrations', 'lib/runs/run-log.ts')).toBe(false);
    expect(allowed('app', 'lib/engine/engine.ts')).toBe(false);
    expect(allowed('app', 'lib/engine/index.ts')).toBe(true);
    expect(allowed('lib/runs', 'lib/migrations/plan.ts')).toBe(true);
  });
});
