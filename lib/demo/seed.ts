// Builds the demo fleet through the engine itself, so the run log and histories are real.
import pg from 'pg';
import { Engine, loadConfig } from '../engine';
import { quoteIdent, withClient } from '../db/connection';
import { DEMO_TENANTS, demoDatabaseName } from './fleet';

export async function seedDemo(serverUrl: (db: string) => string, hostDatabase: string, projectRoot: string, log: (line: string) => void) {
  await withClient({ connectionString: serverUrl('postgres') }, async (admin) => {
    await admin.query(`CREATE DATABASE ${quoteIdent(hostDatabase)}`);
    for (const t of DEMO_TENANTS.filter((t) => !t.missingDatabase)) await admin.query(`CREATE DATABASE ${quoteIdent(demoDatabaseName(t.id))}`);
  });
  await withClient({ connectionString: serverUrl(hostDatabase) }, async (host) => {
    await host.query(`CREATE TABLE tenants (
      id text PRIMARY KEY, name text NOT NULL, db_name text NOT NULL,
      is_active boolean NOT NULL DEFAULT true, created_at timestamptz NOT NULL DEFAULT now())`);
    for (const t of DEMO_TENANTS) await host.query('INSERT INTO tenants (id, name, db_name) VALUES ($1, $2, $3)', [t.id, t.name, demoDatabaseName(t.id)]);
  });

  const engine = Engine.open({ ...loadConfig(projectRoot), host: { url: serverUrl(hostDatabase) }, databaseUrlSource: 'the demo' });
  try {
    const latest = (await engine.migrations()).tenant.at(-1)!.version;
    const migrate = async (host: boolean, tenants: string[], to?: number) => {
      const { runId } = await engine.startRun({ host, tenants }, { request: { action: 'migrate', to }, planOptions: {} }, { requestedBy: 'demo-seed', source: 'cli' });
      await engine.executeRun(runId, { concurrency: 4 });
    };
    log('migrating the host database');
    await migrate(true, []);
    // Data first at version 2, so later migrations (balances, backfills) run over real rows.
    const reachable = DEMO_TENANTS.filter((t) => !t.missingDatabase);
    const early = reachable.filter((t) => t.version === 'latest' || t.version >= 2);
    await migrate(false, early.map((t) => t.id), 2);
    for (const t of early) await withClient({ connectionString: serverUrl(demoDatabaseName(t.id)) }, insertSampleData);
    for (const t of reachable.filter((t) => t.failAtBudgets)) {
      await withClient({ connectionString: serverUrl(demoDatabaseName(t.id)) }, (c) => c.query('CREATE TABLE budgets (id int)'));
    }
    const byVersion = new Map<number, string[]>();
    for (const t of reachable) {
      const to = t.version === 'latest' ? latest : t.version;
      if (to > 2) byVersion.set(to, [...(byVersion.get(to) ?? []), t.id]);
    }
    for (const [to, ids] of byVersion) {
      log(`migrating ${ids.join(', ')} to version ${to}`);
      await migrate(false, ids, to);
    }
  } finally {
    await engine.close();
  }
}

async function insertSampleData(client: pg.Client): Promise<void> {
  await client.query(`
    INSERT INTO accounts (name, type, currency) VALUES ('Main checking', 'checking', 'EUR'), ('Savings', 'savings', 'EUR');
    INSERT INTO transactions (account_id, amount, currency, booked_at, description)
    SELECT 1 + (g % 2), round((random() * 400 - 200)::numeric, 2), 'EUR', now() - g * interval '1 day', 'Sample transaction ' || g
      FROM generate_series(1, 40) AS g;`);
}
