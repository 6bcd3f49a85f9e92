// The engine's public face: everything the CLI and the dashboard do goes through here and returns data.
import os from 'node:os';
import { ConfigError, loadConfig, type Config } from '../config';
import { Servers, withClient, HOST_DATABASE_ID, type DatabaseTarget } from '../db/connection';
import { describeFailure } from '../db/errors';
import { HostDatabase } from '../db/host';
import { executeRun, type ExecuteOptions } from '../runs/executor';
import { createRun, getRun, lastOutcomes, listRuns, openRunIds, type RunSpec } from '../runs/run-log';
import { historyFromState, loadStates, saveStates } from '../runs/snapshot';
import { discoverTenants, type InvalidTenant } from '../tenants';
import { mapBounded } from '../util/concurrency';
import { readHistory } from './history-table';
import { loadMigrations, readMigrations } from './load';
import { planDatabase } from './plan';
import { summarizeStatus, type DatabaseStatus, type StatusInput } from './status';
import type { HistoryRow, Migration, MigrationSet, Plan, PlanOptions, PlanRequest } from './types';

/** Which databases a command is about. */
export interface Selection {
  host: boolean;
  /** `all` tenants, or these tenant ids. */
  tenants: 'all' | readonly string[];
}

export const ALL_DATABASES: Selection = { host: true, tenants: 'all' };

export interface SelectedDatabases {
  targets: DatabaseTarget[];
  /** Tenant rows that cannot be used (bad database name, …); reported, never connected to. */
  invalid: InvalidTenant[];
}

export interface StatusReport {
  databases: DatabaseStatus[];
  latest: { host: number; tenant: number };
}

export interface DatabasePreview {
  target: DatabaseTarget;
  plan: Plan | null;
  error: string | null;
}

export const DEFAULT_CONCURRENCY = 8;
const MIGRATIONS_TTL_MS = 2_000;

export class UsageError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

export class Engine {
  readonly servers: Servers;
  readonly host: HostDatabase;
  private migrationSet: Promise<MigrationSet> | null = null;
  private migrationsReadAt = 0;

  private constructor(readonly config: Config) {
    this.servers = new Servers(config.databaseUrl, config.serverUrls);
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

  readMigrations() {
    return readMigrations(this.config.migrationsDir);
  }

  streamOf(set: MigrationSet, target: DatabaseTarget): Migration[] {
    return target.kind === 'host' ? set.host : set.tenant;
  }

  /** Resolves a selection against the tenants query. Unknown tenant ids are a usage error. */
  async select(selection: Selection): Promise<SelectedDatabases> {
    const targets: DatabaseTarget[] = [];
    if (selection.host) targets.push(this.servers.hostTarget());
    if (selection.tenants !== 'all' && selection.tenants.length === 0) return { targets, invalid: [] };

    const { tenants, invalid } = await this.discoverTenants();
    if (selection.tenants === 'all') return { targets: [...targets, ...tenants], invalid };

    const byId = new Map(tenants.map((t) => [t.id, t]));
    const invalidById = new Map(invalid.map((t) => [t.id, t]));
    const unknown = selection.tenants.filter((id) => !byId.has(id) && !invalidById.has(id));
    if (unknown.length) {
      const known = tenants.slice(0, 5).map((t) => t.id).join(', ');
      throw new UsageError(
        `no tenant with id ${unknown.map((id) => JSON.stringify(id)).join(', ')}`,
        `see \`fastmigrate status\` for the tenant ids${known ? ` (e.g. ${known})` : ''}`,
      );
    }
    const wanted = new Set(selection.tenants);
    return {
      targets: [...targets, ...tenants.filter((t) => wanted.has(t.id))],
      invalid: invalid.filter((t) => wanted.has(t.id)),
    };
  }

  private async discoverTenants() {
    try {
      return await discoverTenants(this.host.pool, this.config.tenantsQuery);
    } catch (error) {
      if (error instanceof ConfigError) throw error;
      throw hostUnreachable(error, this.config);
    }
  }

  /** Reads every selected database now (bounded per server) and refreshes the snapshot. */
  async status(selection: Selection = ALL_DATABASES, concurrency = DEFAULT_CONCURRENCY): Promise<StatusReport> {
    const set = await this.migrations();
    const { targets, invalid } = await this.select(selection);
    const read = await mapBounded(targets, concurrency, (t) => this.readHistorySafe(t), this.serverOf);
    await this.toolSchema();
    await saveStates(
      this.host.db,
      targets.map((t, i) => ({ databaseId: t.id, history: read[i].history, failure: read[i].failure })),
    );
    return this.report(set, targets, invalid, (_, i) => read[i]);
  }

  /**
   * The status as last seen (by status or by runs), without connecting to the tenants: what the
   * dashboard's matrix shows. Databases never seen before are read now.
   */
  async snapshot(selection: Selection = ALL_DATABASES, concurrency = DEFAULT_CONCURRENCY): Promise<StatusReport & { refreshedAt: Date | null }> {
    const set = await this.migrations();
    const { targets, invalid } = await this.select(selection);
    await this.toolSchema();
    const states = await loadStates(this.host.db, targets.map((t) => t.id));
    const unseen = targets.filter((t) => !states.has(t.id));
    const fresh = await mapBounded(unseen, concurrency, (t) => this.readHistorySafe(t), this.serverOf);
    await saveStates(this.host.db, unseen.map((t, i) => ({ databaseId: t.id, history: fresh[i].history, failure: fresh[i].failure })));
    const freshById = new Map(unseen.map((t, i) => [t.id, fresh[i]]));
    const report = await this.report(set, targets, invalid, (t) => {
      const known = freshById.get(t.id);
      if (known) return known;
      const row = states.get(t.id)!;
      const failure = row.failureReason ? { reason: row.failureReason as 'unreachable' | 'auth-failed', message: row.failure ?? '' } : null;
      return { history: failure ? null : historyFromState(row), failure };
    });
    const times = [...states.values()].map((r) => r.refreshedAt.getTime());
    return { ...report, refreshedAt: times.length ? new Date(Math.min(...times)) : unseen.length ? new Date() : null };
  }

  private async report(
    set: MigrationSet,
    targets: DatabaseTarget[],
    invalid: InvalidTenant[],
    stateOf: (t: DatabaseTarget, index: number) => { history: HistoryRow[] | null; failure: StatusInput['failure'] },
  ): Promise<StatusReport> {
    const outcomes = await this.lastOutcomesSafe(targets.map((t) => t.id));
    const inputs: StatusInput[] = targets.map((t, i) => ({
      id: t.id,
      kind: t.kind,
      name: t.name,
      database: t.database,
      stream: this.streamOf(set, t),
      ...stateOf(t, i),
      lastOutcome: outcomes.get(t.id) ?? null,
    }));
    for (const bad of invalid) {
      inputs.push({
        id: bad.id,
        kind: 'tenant',
        name: bad.name,
        database: '',
        stream: set.tenant,
        history: null,
        failure: { reason: 'invalid', message: bad.problem },
        lastOutcome: null,
      });
    }
    return { databases: inputs.map(summarizeStatus), latest: latestVersions(set) };
  }

  /** What would run where, read-only: no lock, no table created, nothing written. */
  async preview(selection: Selection, request: PlanRequest, planOptions: PlanOptions = {}, concurrency = DEFAULT_CONCURRENCY) {
    const set = await this.migrations();
    const { targets, invalid } = await this.select(selection);
    const previews = await mapBounded(
      targets,
      concurrency,
      async (target): Promise<DatabasePreview> => {
        const { history, failure } = await this.readHistorySafe(target);
        if (!history) return { target, plan: null, error: failure?.message ?? 'not read' };
        return { target, plan: planDatabase(this.streamOf(set, target), history, request, planOptions), error: null };
      },
      this.serverOf,
    );
    return { previews, invalid };
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

  private async executorContext() {
    await this.toolSchema();
    return { db: this.host.runLog, servers: this.servers, migrations: await this.migrations() };
  }

  async run(runId: string) {
    await this.toolSchema();
    return getRun(this.host.db, runId);
  }

  async runs(limit = 50) {
    await this.toolSchema();
    return listRuns(this.host.db, limit);
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
      throw new Error(`${target.kind === 'host' ? 'the host database' : `tenant ${target.id}`}: ${describeFailure(error).message}`);
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

  private async readHistorySafe(target: DatabaseTarget): Promise<{ history: HistoryRow[] | null; failure: StatusInput['failure'] }> {
    try {
      return { history: await withClient(this.servers.clientConfig(target), readHistory), failure: null };
    } catch (error) {
      const f = describeFailure(error);
      const reason = f.kind === 'auth-failed' ? 'auth-failed' : 'unreachable';
      return { history: null, failure: { reason, message: f.message } };
    }
  }

  /** The run log may not exist yet (nothing ever ran): then there are no outcomes. */
  private async lastOutcomesSafe(ids: string[]) {
    await this.toolSchema();
    return lastOutcomes(this.host.db, ids);
  }
}

export function latestVersions(set: MigrationSet) {
  const last = (s: Migration[]) => (s.length ? s[s.length - 1].version : 0);
  return { host: last(set.host), tenant: last(set.tenant) };
}

export class HostUnreachableError extends ConfigError {}

function hostUnreachable(error: unknown, config: Config): HostUnreachableError {
  const f = describeFailure(error);
  const hint =
    f.kind === 'auth-failed'
      ? `check the user and password in ${config.databaseUrlSource}`
      : config.databaseUrlSource.startsWith('the demo')
        ? 'the demo is not running: start it with `npm run demo` (or set DATABASE_URL)'
        : `check that the server in ${config.databaseUrlSource} is running and reachable`;
  return new HostUnreachableError(`cannot use the host database: ${f.message}`, hint);
}
