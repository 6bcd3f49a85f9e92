// Several worker processes share one run; one is killed mid-run; every database ends migrated once.
import { afterEach, describe, expect, it } from 'vitest';
import { collect, runCli, spawnCli } from '../testing/cli';
import { createFleet, migration, sql, writeMigrations, type Fleet } from '../testing/fleet';

let fleet: Fleet | null = null;
afterEach(async () => {
  await fleet?.drop();
  fleet = null;
});

const until = async (what: string, check: () => Promise<boolean>, timeoutMs = 60_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

describe('workers', () => {
  it('three workers share a run of 200 tenants; one killed with SIGKILL mid-run; each database migrated exactly once', async () => {
    const dir = writeMigrations({
      'tenant/001_a.sql': migration('CREATE TABLE a (id int);\nSELECT pg_sleep(0.05);', 'DROP TABLE a;'),
      'tenant/002_b.sql': migration('CREATE TABLE b (id int);', 'DROP TABLE b;'),
    });
    fleet = await createFleet({ tenants: 200, migrationsDir: dir });
    const queued = await runCli(['migrate', '--enqueue', '--tenants-only', '--json'], fleet.env);
    expect(queued.code, queued.stderr).toBe(0);
    const { runId } = JSON.parse(queued.stdout) as { runId: string };
    const progress = () =>
      sql<{ n: string }>(fleet!.hostDatabase, `SELECT count(*) AS n FROM fastmigrate.run_databases WHERE run_id = $1 AND status = 'applied'`, [runId]);

    const workers = [0, 1, 2].map(() => spawnCli(['worker', '--once', '--lease', '3', '--concurrency', '3'], fleet!.env));
    const done = workers.map(collect);
    await until('the run to be under way', async () => Number((await progress())[0].n) >= 20);
    workers[0].kill('SIGKILL');
    const results = await Promise.all(done);
    expect(results[0].signal).toBe('SIGKILL');
    for (const r of results.slice(1)) expect(r.code, r.stderr).toBe(0);

    const rows = await sql<{ status: string; attempts: number; claimed_by: string }>(
      fleet.hostDatabase,
      'SELECT status, attempts, claimed_by FROM fastmigrate.run_databases WHERE run_id = $1',
      [runId],
    );
    expect(rows).toHaveLength(200);
    // A database the killed worker had finished but not yet recorded is found up to date: skipped.
    expect(rows.filter((r) => r.status !== 'applied' && r.status !== 'skipped')).toEqual([]);
    expect(rows.some((r) => r.attempts > 1), 'a database of the killed worker was taken over').toBe(true);
    expect(new Set(rows.map((r) => r.claimed_by.split(':')[1])).size).toBeGreaterThanOrEqual(2);
    const [run] = await sql<{ status: string; finished_at: Date | null }>(fleet.hostDatabase, 'SELECT status, finished_at FROM fastmigrate.runs WHERE id = $1', [runId]);
    expect(run.status).toBe('succeeded');

    for (const id of fleet.tenantIds) {
      const history = await sql<{ version: number; direction: string }>(fleet.tenantDatabase(id), 'SELECT version, direction FROM _migration_versions ORDER BY id');
      expect(history.map((h) => `${h.direction}${h.version}`), id).toEqual(['up1', 'up2']);
    }
  }, 180_000);
});
