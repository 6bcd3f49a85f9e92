// Several real CLI processes on the same fleet at the same moment: every migration exactly once.
import { afterEach, describe, expect, it } from 'vitest';
import { collect, spawnCli } from '../testing/cli';
import { createFleet, migration, sql, writeMigrations, type Fleet } from '../testing/fleet';

let fleet: Fleet | null = null;
afterEach(async () => {
  await fleet?.drop();
  fleet = null;
});

describe('concurrent runners', () => {
  it('two migrate processes started together apply each migration exactly once', async () => {
    const dir = writeMigrations({
      'host/001_h.sql': migration('CREATE TABLE h (id int);', 'DROP TABLE h;'),
      'tenant/001_a.sql': migration('CREATE TABLE a (id int);\nSELECT pg_sleep(0.5);', 'DROP TABLE a;'),
      'tenant/002_b.sql': migration('CREATE TABLE b (id int);', 'DROP TABLE b;'),
      'tenant/003_c.sql': migration('CREATE INDEX CONCURRENTLY c_idx ON b (id);', 'DROP INDEX CONCURRENTLY c_idx;', '-- fastmigrate:no-transaction'),
    });
    fleet = await createFleet({ tenants: 4, migrationsDir: dir });
    const runners = [spawnCli(['migrate', '--json'], fleet.env), spawnCli(['migrate', '--json'], fleet.env)];
    const results = await Promise.all(runners.map(collect));

    for (const r of results) expect(r.code, r.stderr).toBe(0);
    // Between them the two runs applied every database once; the other found nothing to do.
    const outcomes = results.flatMap((r) => JSON.parse(r.stdout).databases as Array<{ id: string; status: string; steps: number }>);
    for (const id of ['host', ...fleet.tenantIds]) {
      const mine = outcomes.filter((o) => o.id === id);
      expect(mine.map((o) => o.status).sort(), id).toEqual(['applied', 'skipped']);
    }
    for (const id of fleet.tenantIds) {
      const rows = await sql<{ version: number; n: string }>(
        fleet.tenantDatabase(id),
        `SELECT version, count(*) AS n FROM _migration_versions GROUP BY version ORDER BY version`,
      );
      expect(rows.map((r) => [r.version, Number(r.n)])).toEqual([[1, 1], [2, 1], [3, 1]]);
    }
  });
});
