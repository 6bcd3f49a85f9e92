// The dashboard's one Engine per server process, and the runs it carries out in the background.
// Kept on globalThis: Next.js may load this module more than once (one copy per server bundle).
import { DEFAULT_CONCURRENCY, Engine, loadConfig } from '@/lib/engine';
import type { HostDb } from '@/lib/engine';
import { redact } from '@/lib/engine';

interface DashboardState {
  engine: Engine | null;
  /** Runs this process is executing right now. */
  active: Map<string, Promise<void>>;
  resumeTimer: NodeJS.Timeout | null;
}

const KEY = Symbol.for('fastmigrate.dashboard');
const g = globalThis as typeof globalThis & { [KEY]?: DashboardState };
const state: DashboardState = (g[KEY] ??= { engine: null, active: new Map(), resumeTimer: null });

/** Databases worked on at once by this server (per PostgreSQL server), for runs and status reads. */
export const DASHBOARD_CONCURRENCY = positiveInt(process.env.FASTMIGRATE_DASHBOARD_CONCURRENCY) ?? DEFAULT_CONCURRENCY;

/** The engine; loads the configuration on first use (throws ConfigError when there is no database). */
export function getEngine(): Engine {
  if (!state.engine) {
    state.engine = Engine.open(loadConfig());
    startResumeLoop();
  }
  return state.engine;
}

/** The host database's drizzle client, with the fastmigrate schema in place. */
export async function hostDb(): Promise<HostDb> {
  const engine = getEngine();
  await engine.host.ensureToolSchema();
  return engine.host.db;
}

/** Carries out a run in this server process without holding up the request that started it. */
export function runInBackground(runId: string): void {
  if (state.active.has(runId)) return;
  const engine = getEngine();
  const work = engine
    .executeRun(runId, { concurrency: DASHBOARD_CONCURRENCY })
    .catch((error: unknown) => {
      console.error(`fastmigrate: run ${runId} stopped: ${redact(error instanceof Error ? error.message : String(error))}`);
    })
    .finally(() => state.active.delete(runId));
  state.active.set(runId, work);
}

/**
 * Dashboard runs outlive the request that started them, but not a restart of the server. Every
 * 30 s this process picks up unfinished dashboard runs: queued rows, and rows whose executor's
 * lease ran out (it died). Claiming is safe with several executors (the run log's SKIP LOCKED).
 */
function startResumeLoop(): void {
  if (state.resumeTimer) return;
  const tick = () => void resumeOpenRuns().catch(() => {});
  state.resumeTimer = setInterval(tick, 30_000);
  state.resumeTimer.unref();
  setTimeout(tick, 2_000).unref();
}

async function resumeOpenRuns(): Promise<void> {
  const engine = state.engine;
  if (!engine) return;
  const runs = await engine.listRuns(200);
  for (const run of runs) {
    if (!run.finishedAt && run.source === 'dashboard' && !state.active.has(run.id)) runInBackground(run.id);
  }
}

function positiveInt(value: string | undefined): number | null {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : null;
}
