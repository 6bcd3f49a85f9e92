// I/O: the run log in the host database (DESIGN §5). It is also the work list that executors claim from.
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { DatabaseTarget } from '../db/connection';
import type { HostDb } from '../db/host';
import { problem, type Problem, type ProblemKind } from '../problem';
import { runDatabases, runs, type Run, type RunDatabase } from './schema';
import type { RunSpec } from './run-spec';

export type RunDatabaseStatus = 'queued' | 'running' | 'applied' | 'skipped' | 'failed';


export interface NewRun {
  spec: RunSpec;
  targets: readonly DatabaseTarget[];
  requestedBy: string;
  source: 'cli' | 'dashboard';
}

export async function createRun(db: HostDb, run: NewRun): Promise<string> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(runs)
      .values({
        action: run.spec.request.action,
        request: run.spec,
        requestedBy: run.requestedBy,
        source: run.source,
        databaseCount: run.targets.length,
      })
      .returning({ id: runs.id });
    const values = run.targets.map((t, position) => ({
      runId: row.id,
      position,
      databaseId: t.id,
      kind: t.kind,
      name: t.name,
      dbName: t.database,
      dbHost: t.server?.host ?? null,
      dbPort: t.server?.port ?? null,
    }));
    for (let i = 0; i < values.length; i += 1_000) await tx.insert(runDatabases).values(values.slice(i, i + 1_000));
    return row.id;
  });
}

/**
 * Claims the next database of a run for this executor. A row whose lease ran out (its executor
 * died) is claimable again; the database's own lock and history keep the work exactly-once.
 */
export async function claimNext(db: HostDb, runId: string, executorId: string, leaseMs: number): Promise<RunDatabase | null> {
  const claimable = sql`(SELECT id FROM fastmigrate.run_databases
                          WHERE run_id = ${runId}
                            AND (status = 'queued' OR (status = 'running' AND lease_until < now()))
                          ORDER BY position
                          LIMIT 1
                          FOR UPDATE SKIP LOCKED)`;
  const [row] = await db
    .update(runDatabases)
    .set({
      status: 'running',
      claimedBy: executorId,
      attempts: sql`${runDatabases.attempts} + 1`,
      leaseUntil: sql`now() + make_interval(secs => ${leaseMs / 1000})`,
      startedAt: sql`now()`,
    })
    .where(eq(runDatabases.id, claimable))
    .returning();
  return row ?? null;
}

export async function renewLease(db: HostDb, rowId: number, executorId: string, leaseMs: number): Promise<void> {
  await db
    .update(runDatabases)
    .set({ leaseUntil: sql`now() + make_interval(secs => ${leaseMs / 1000})` })
    .where(and(eq(runDatabases.id, rowId), eq(runDatabases.claimedBy, executorId)));
}

export interface DatabaseResult {
  status: Exclude<RunDatabaseStatus, 'queued' | 'running'>;
  fromVersion: number | null;
  toVersion: number | null;
  stepsApplied: number;
  /** Notes worth keeping: lock_timeout retries, an edited DOWN run on purpose, a DOWN taken from history. */
  message: string | null;
  /** Why the database failed (status `failed`): usually one problem; a refusal may have several. */
  problems: Problem[];
}

/** Problems as run_databases columns: the first one column per field, the rest (rare) as JSON. */
function problemColumns(problems: readonly Problem[]) {
  const p = problems[0] ?? null;
  return {
    moreProblems: problems.length > 1 ? problems.slice(1) : null,
    error: p?.message ?? null,
    errorKind: p?.kind ?? null,
    errorHint: p?.hint ?? null,
    sqlstate: p?.sqlstate ?? null,
    errorVersion: p?.version ?? null,
    errorFile: p?.file ?? null,
    errorLine: p?.line ?? null,
  };
}

/** Every Problem a run_databases row records, the first one first. */
export function problemsOfRow(row: RunDatabase): Problem[] {
  const first = problemOfRow(row);
  return first ? [first, ...(row.moreProblems ?? [])] : [];
}

/** The (first) Problem a run_databases row records, or null. */
export function problemOfRow(row: Pick<RunDatabase, 'databaseId' | 'error' | 'errorKind' | 'errorHint' | 'sqlstate' | 'errorVersion' | 'errorFile' | 'errorLine'>): Problem | null {
  if (row.error === null) return null;
  return problem((row.errorKind ?? 'internal') as ProblemKind, row.error, {
    hint: row.errorHint,
    database: row.databaseId,
    sqlstate: row.sqlstate,
    version: row.errorVersion,
    file: row.errorFile,
    line: row.errorLine,
  });
}

/** Records a database's outcome, unless another executor took the row over in the meantime. */
export async function finishDatabase(db: HostDb, rowId: number, executorId: string, result: DatabaseResult): Promise<void> {
  const { problems, ...rest } = result;
  await db
    .update(runDatabases)
    .set({ ...rest, ...problemColumns(problems), finishedAt: sql`now()`, leaseUntil: null })
    .where(and(eq(runDatabases.id, rowId), eq(runDatabases.claimedBy, executorId)));
}

/** Closes the run once no database is left to do. Safe to call from every executor. */
export async function finishRunIfDone(db: HostDb, runId: string): Promise<boolean> {
  const result = await db.execute(sql`
    UPDATE fastmigrate.runs r
       SET finished_at = now(),
           status = CASE WHEN EXISTS (SELECT 1 FROM fastmigrate.run_databases d WHERE d.run_id = r.id AND d.status = 'failed')
                         THEN 'failed' ELSE 'succeeded' END
     WHERE r.id = ${runId} AND r.finished_at IS NULL
       AND NOT EXISTS (SELECT 1 FROM fastmigrate.run_databases d
                        WHERE d.run_id = r.id AND d.status IN ('queued', 'running'))`);
  return (result.rowCount ?? 0) > 0;
}

export async function runFinished(db: HostDb, runId: string): Promise<boolean> {
  const [row] = await db.select({ finishedAt: runs.finishedAt }).from(runs).where(eq(runs.id, runId));
  return !row || row.finishedAt !== null;
}

/** The distinct servers a run touches (null host = the host database's server). */
export async function serversOfRun(db: HostDb, runId: string): Promise<Array<{ host: string | null; port: number | null }>> {
  return db
    .selectDistinct({ host: runDatabases.dbHost, port: runDatabases.dbPort })
    .from(runDatabases)
    .where(eq(runDatabases.runId, runId));
}

export async function getRun(db: HostDb, runId: string): Promise<{ run: Run; databases: RunDatabase[] } | null> {
  const [run] = await db.select().from(runs).where(eq(runs.id, runId));
  if (!run) return null;
  const databases = await db.select().from(runDatabases).where(eq(runDatabases.runId, runId)).orderBy(runDatabases.position);
  return { run, databases };
}

export async function listRuns(db: HostDb, limit = 50): Promise<Run[]> {
  return db.select().from(runs).orderBy(desc(runs.createdAt)).limit(limit);
}

/** Runs that still have work: what `fastmigrate worker` picks up. */
export async function openRunIds(db: HostDb): Promise<string[]> {
  const rows = await db.select({ id: runs.id }).from(runs).where(sql`${runs.finishedAt} IS NULL`).orderBy(runs.createdAt);
  return rows.map((r) => r.id);
}

export interface LastOutcome {
  databaseId: string;
  status: RunDatabaseStatus;
  problem: Problem | null;
  finishedAt: Date | null;
  runId: string;
}

/**
 * The last finished outcome of each database: a failed one makes the database show as failed.
 * Refusals do not count: nothing ran, the database is intact, and status shows their cause itself.
 */
export async function lastOutcomes(db: HostDb, databaseIds: readonly string[]): Promise<Map<string, LastOutcome>> {
  if (!databaseIds.length) return new Map();
  const rows = await db
    .selectDistinctOn([runDatabases.databaseId])
    .from(runDatabases)
    .where(
      and(
        inArray(runDatabases.databaseId, [...databaseIds]),
        inArray(runDatabases.status, ['applied', 'skipped', 'failed']),
        sql`${runDatabases.errorKind} IS DISTINCT FROM 'refused'`,
      ),
    )
    .orderBy(runDatabases.databaseId, desc(runDatabases.id));
  return new Map(
    rows.map((r) => [r.databaseId, { databaseId: r.databaseId, status: r.status as RunDatabaseStatus, problem: problemOfRow(r), finishedAt: r.finishedAt, runId: r.runId }]),
  );
}

export type RunCounts = Record<RunDatabaseStatus, number>;

export const emptyCounts = (): RunCounts => ({ queued: 0, running: 0, applied: 0, skipped: 0, failed: 0 });

/** How many databases of each run are in each state. */
export async function runCounts(db: HostDb, runIds: readonly string[]): Promise<Map<string, RunCounts>> {
  const out = new Map<string, RunCounts>(runIds.map((id) => [id, emptyCounts()]));
  if (!runIds.length) return out;
  const rows = await db
    .select({ runId: runDatabases.runId, status: runDatabases.status, n: sql<number>`count(*)::int` })
    .from(runDatabases)
    .where(inArray(runDatabases.runId, [...runIds]))
    .groupBy(runDatabases.runId, runDatabases.status);
  for (const r of rows) {
    const counts = out.get(r.runId);
    if (counts && r.status in counts) counts[r.status as RunDatabaseStatus] = r.n;
  }
  return out;
}

export interface LastFailure {
  runId: string;
  action: string;
  requestedBy: string;
  finishedAt: Date | null;
  problem: Problem;
}

/** The most recent failed attempt on a database, whether or not a later run fixed it. */
export async function lastFailure(db: HostDb, databaseId: string): Promise<LastFailure | null> {
  const [row] = await db
    .select({ database: runDatabases, action: runs.action, requestedBy: runs.requestedBy })
    .from(runDatabases)
    .innerJoin(runs, eq(runs.id, runDatabases.runId))
    .where(and(eq(runDatabases.databaseId, databaseId), eq(runDatabases.status, 'failed')))
    .orderBy(desc(runDatabases.id))
    .limit(1);
  const p = row && problemOfRow(row.database);
  if (!row || !p) return null;
  return { runId: row.database.runId, action: row.action, requestedBy: row.requestedBy, finishedAt: row.database.finishedAt, problem: p };
}

/** Runs that have not finished, newest first. */
export async function openRuns(db: HostDb, limit = 20): Promise<Run[]> {
  return db.select().from(runs).where(sql`${runs.finishedAt} IS NULL`).orderBy(desc(runs.createdAt)).limit(limit);
}
