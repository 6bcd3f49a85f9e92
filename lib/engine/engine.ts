// The fleet: everything the CLI and the dashboard do goes through an Engine and returns data.
// Per-database work is lib/migrations (parse, plan, runner); runs and their bookkeeping lib/runs.
import os from 'node:os';
import { ConfigError, loadConfig, type Config } from '../config';
import { HOST_DATABASE_ID, Servers, withClient, type DatabaseTarget } from '../db/connection';
import { describeFailure } from '../db/failure';
import { HostDatabase } from '../db/host';
import { readHistory } from '../migrations/history-table';
import { loadMigrations, readMigrations } from '../migrations/load';
import { planDatabase } from '../migrations/plan';
import { rehearseDatabase, DEFAULT_REHEARSAL_OPTIONS, type RehearsalOptions, type RehearsalReport } from '../migrations/rehearse-database';
import type { HistoryRow, Migration, MigrationSet, Plan, PlanOptions, PlanRequest } from '../migrations/types';
import { historyFromState, loadStates, saveStates } from '../runs/database-state';
import { executeRun, type ExecuteOptions } from '../runs/run-executor';
import { createRun, getRun, lastFailure, lastOutcomes, listRuns, openRunIds, openRuns, runCounts } from '../runs/run-log';
import type { RunSpec } from '../runs/run-spec';
import { discoverTenants } from '../tenants/discover';
import { rejectSharedDatabases } from '../tenants/rows';
import { ProblemError } from '../problem';
import { mapBounded } from '../util/concurrency';
import { hostUnreachable, UsageError } from './problems';
import { ALL_DATABASES, resolveSelection, type SelectedDatabases, type Selection } from './selection';
import { baselinesFromHistory, type BaselinesFromHistory } from './from-history';
import type { Tool } from '../adopt/types';
import { buildStatusReport, type DatabaseRead, type StatusReport } from './status-report';

export interface DatabasePreview {
  target: DatabaseTarget;
  plan: Plan | null;
  error: string | null;
}

export const DEFAULT_CONCURRENCY = 8;
const MIGRATIONS_TTL_MS = 2_000;

export class Engine {
  readonly servers: Servers;
  readonly host: HostDatabase;
  private migrationSet: Promise<MigrationSet> | null = null;
  private migrationsReadAt = 0;

  private constructor(readonly config: Config) {
    this.servers = new Servers(config.host, config.serverUrls);
    this.host = new HostDatabase(this.servers, config.projectRoot);
  }

  static open(config: Config = loadConfig()): Engine {
    return new Engine(config);
  }

  async close(): Promise<void> {
    await this.host.close();
  }

  /**
   * All migration files, validated; throws MigrationFilesError listing every problem. Re-read after
   * a few seconds, so a long-lived dashboard or worker sees files as they are now.
   */
  migrations(): Promise<MigrationSet> {
    if (!this.migrationSet || Date.now() - this.migrationsReadAt > MIGRATIONS_TTL_MS) {
      this.migrationSet = loadMigrations(this.config.migrationsDir);
      this.migrationsReadAt = Date.now();
    }
    return this.migrationSet;
  }

  /** The files and every problem in them, without throwing (validate). */
  readMigrations() {
    return readMigrations(this.config.migrationsDir);
  }

  streamOf(set: MigrationSet, target: DatabaseTarget): Migration[] {
    return target.kind === 'host' ? set.host : set.tenant;
  }

  /** Resolves a selection against the tenants query. Unknown tenant ids are a usage error. */
  async select(selection: Selection): Promise<SelectedDatabases> {
    const needsTenants = selection.tenants === 'all' || selection.tenants.length > 0;
    const { tenants, invalid } = needsTenants ? await this.discoverTenants() : { tenants: [], invalid: [] };
    return resolveSelection(selection, this.servers.hostTarget(), tenants, invalid);
  }

  /** Reads every selected database now (bounded per server) and refreshes the snapshot. */
  async status(selection: Selection = ALL_DATABASES, concurrency = DEFAULT_CONCURRENCY): Promise<StatusReport> {
    const set = await this.migrations();
    const { targets, invalid } = await this.select(selection);
    const reads = await this.readAll(targets, concurrency);
    await this.toolSchema();
    await saveStates(this.host.db, targets.map((t, i) => ({ databaseId: t.id, ...reads[i] })));
    return buildStatusReport(set, targets, invalid, reads, await this.lastOutcomes(targets));
  }

  /**
   * The status as last seen (by status or by runs), without connecting to the tenants: what the
   * dashboard's matrix shows. Databases never seen before are read now.
   */
  async lastKnownStatus(selection: Selection = ALL_DATABASES, concurrency = DEFAULT_CONCURRENCY): Promise<StatusReport & { refreshedAt: Date | null }> {
    const set = await this.migrations();
    const { targets, invalid } = await this.select(selection);
    await this.toolSchema();
    const states = await loadStates(this.host.db, targets.map((t) => t.id));
    const unseen = targets.filter((t) => !states.has(t.id));
    const fresh = await this.readAll(unseen, concurrency);
    await saveStates(this.host.db, unseen.map((t, i) => ({ databaseId: t.id, ...fresh[i] })));
    const freshById = new Map(unseen.map((t, i) => [t.id, fresh[i]]));
    const reads = targets.map((t): DatabaseRead => {
      const known = freshById.get(t.id);
      if (known) return known;
      const row = states.get(t.id)!;
      const failure = row.failureReason ? { reason: row.failureReason as 'unreachable' | 'auth-failed', message: row.failure ?? '' } : null;
      return { history: failure ? null : historyFromState(row), failure };
    });
    const report = buildStatusReport(set, targets, invalid, reads, await this.lastOutcomes(targets));
    const times = [...states.values()].map((r) => r.refreshedAt.getTime());
    return { ...report, refreshedAt: times.length ? new Date(Math.min(...times)) : unseen.length ? new Date() : null };
  }

  /** What would run where, read-only: no lock, no table created, nothing written. `request` may differ per database. */
  async preview(selection: Selection, request: PlanRequest | ((target: DatabaseTarget) => PlanRequest), planOptions: PlanOptions = {}, concurrency = DEFAULT_CONCURRENCY) {
    const set = await this.migrations();
    const { targets, invalid } = await this.select(selection);
    const previews = await mapBounded(
      targets,
      concurrency,
      async (target): Promise<DatabasePreview> => {
        const { history, failure } = await this.readDatabase(target);
        if (!history) return { target, plan: null, error: failure?.message ?? 'not read' };
        const asked = typeof request === 'function' ? request(target) : request;
        return { target, plan: planDatabase(this.streamOf(set, target), history, asked, planOptions), error: null };
      },
      this.serverOf,
    );
    return { previews, invalid };
  }

  /**
   * Runs the plan on every selected database inside a transaction that is always rolled back, and
   * reports whether it would succeed and what it does to the schema (bounded per server).
   */
  async rehearse(selection: Selection, request: PlanRequest, planOptions: PlanOptions = {}, options: RehearsalOptions = {}): Promise<RehearsalReport> {
    const o = { ...DEFAULT_REHEARSAL_OPTIONS, ...options };
    const set = await this.migrations();
    const { targets, invalid } = await this.select(selection);
    const results = await mapBounded(
      targets,
      o.concurrency,
      (target) => rehearseDatabase(this.servers.clientConfig(target, 'fastmigrate-rehearsal'), target, this.streamOf(set, target), request, planOptions, o),
      this.serverOf,
    );
    return { results, invalid };
  }

  /**
   * `baseline --from-history TOOL`: per selected database, read-only, the versions that tool
   * recorded as applied there, as a baseline request each; databases it cannot vouch for are refused.
   */
  async baselineFromHistory(selection: Selection, tool: Tool, concurrency = DEFAULT_CONCURRENCY): Promise<BaselinesFromHistory> {
    const set = await this.migrations();
    const { targets } = await this.select(selection);
    return baselinesFromHistory(this.servers, set, targets, tool, concurrency);
  }

  /** Writes a run (one queued row per database) to the run log; executors then carry it out. */
  async startRun(selection: Selection, spec: RunSpec, who: { requestedBy?: string; source: 'cli' | 'dashboard' }) {
    await this.migrations();
    const { targets, invalid } = await this.select(selection);
    await this.toolSchema();
    const runId = await createRun(this.host.db, {
      spec,
      targets,
      requestedBy: who.requestedBy ?? os.userInfo().username,
      source: who.source,
    });
    return { runId, targets, invalid };
  }

  /** Carries out a run and returns when all of it is finished, whoever else helps (workers). */
  async executeRun(runId: string, options: ExecuteOptions): Promise<void> {
    await executeRun(await this.executorContext(), runId, { untilDone: true, ...options });
  }

  /**
   * `fastmigrate worker`: claims databases of any open run until `signal` aborts (or, with `once`,
   * until no open run is left). Several workers on several machines share runs safely.
   */
  async work(options: ExecuteOptions & { pollMs: number; once?: boolean; signal?: AbortSignal; onIdle?: () => void }): Promise<void> {
    await this.toolSchema();
    while (!options.signal?.aborted) {
      const open = await openRunIds(this.host.db);
      for (const runId of open) {
        if (options.signal?.aborted) return;
        await executeRun(await this.executorContext(), runId, { ...options, untilDone: false });
      }
      if (options.once && !open.length) return;
      if (!open.length) options.onIdle?.();
      await new Promise((resolve) => setTimeout(resolve, open.length ? Math.min(options.pollMs, 250) : options.pollMs));
    }
  }

  /** A run and every database row of it, or null. */
  async getRun(runId: string) {
    await this.toolSchema();
    return getRun(this.host.db, runId);
  }

  /** Recent runs, newest first. */
  async listRuns(limit = 50) {
    await this.toolSchema();
    return listRuns(this.host.db, limit);
  }

  async openRuns(limit = 20) {
    await this.toolSchema();
    return openRuns(this.host.db, limit);
  }

  /** Per run: how many databases are in each state. */
  async runCounts(runIds: readonly string[]) {
    await this.toolSchema();
    return runCounts(this.host.db, runIds);
  }

  /** The most recent failed attempt on a database, whether or not a later run fixed it. */
  async lastFailure(databaseId: string) {
    await this.toolSchema();
    return lastFailure(this.host.db, databaseId);
  }

  /** A database's `_migration_versions`, newest first. */
  async history(databaseId: string): Promise<{ target: DatabaseTarget; rows: HistoryRow[] }> {
    const { targets, invalid } = await this.select(
      databaseId === HOST_DATABASE_ID ? { host: true, tenants: [] } : { host: false, tenants: [databaseId] },
    );
    if (!targets.length) throw new UsageError(`tenant ${JSON.stringify(databaseId)} cannot be read: ${invalid[0]?.problem}`, 'fix its row in the tenants table');
    const target = targets[0];
    try {
      const rows = await withClient(this.servers.clientConfig(target), readHistory);
      return { target, rows: rows.reverse() };
    } catch (error) {
      const f = describeFailure(error, { database: target.id });
      throw new ProblemError({ ...f, message: `${target.kind === 'host' ? 'the host database' : `tenant ${target.id}`}: ${f.message}` });
    }
  }

  private async executorContext() {
    await this.toolSchema();
    return { db: this.host.runLog, servers: this.servers, migrations: await this.migrations() };
  }

  private async discoverTenants() {
    try {
      const hostTarget = this.servers.hostTarget();
      const found = await discoverTenants(this.host.pool, {
        tenantsQuery: this.config.tenantsQuery,
        hostServer: this.servers.serverOf(hostTarget),
        knownServers: this.servers.knownServers(),
      });
      return rejectSharedDatabases(found, hostTarget, this.serverOf);
    } catch (error) {
      if (error instanceof ConfigError) throw error;
      throw hostUnreachable(error, this.config);
    }
  }

  /** The fastmigrate schema in the host database, created on first use. */
  private async toolSchema(): Promise<void> {
    try {
      await this.host.ensureToolSchema();
    } catch (error) {
      throw hostUnreachable(error, this.config);
    }
  }

  private readonly serverOf = (t: DatabaseTarget) => this.servers.serverOf(t);

  private readAll(targets: readonly DatabaseTarget[], concurrency: number): Promise<DatabaseRead[]> {
    return mapBounded(targets, concurrency, (t) => this.readDatabase(t), this.serverOf);
  }

  private async readDatabase(target: DatabaseTarget): Promise<DatabaseRead> {
    try {
      return { history: await withClient(this.servers.clientConfig(target), readHistory), failure: null };
    } catch (error) {
      const f = describeFailure(error);
      return { history: null, failure: { reason: f.kind === 'auth-failed' ? 'auth-failed' : 'unreachable', message: f.message } };
    }
  }

  private async lastOutcomes(targets: readonly DatabaseTarget[]) {
    await this.toolSchema();
    return lastOutcomes(this.host.db, targets.map((t) => t.id));
  }
}
