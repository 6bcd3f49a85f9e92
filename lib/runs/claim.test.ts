// The claim query on its own, with no per-database advisory lock behind it to hide a double claim:
// many executors claiming at once each get distinct rows, a lapsed lease is taken over, and the
// executor that lost its lease can neither renew nor finish the row it no longer holds.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Servers, type DatabaseTarget } from '../db/connection';
import { HostDatabase } from '../db/host';
import { PROJECT_ROOT } from '../testing/fleet';
import { freshDatabase } from '../testing/other-tools';
import { claimNext, createRun, finishDatabase, renewLease } from './run-log';
import { runDatabases } from './schema';

let host: Awaited<ReturnType<typeof freshDatabase>>;
let hostDb: HostDatabase;

beforeAll(async () => {
  host = await freshDatabase('claim');
  hostDb = new HostDatabase(new Servers({ url: host.url }), PROJECT_ROOT, 24);
  await hostDb.ensureToolSchema();
});
afterAll(async () => {
  await hostDb?.close();
  await host?.drop();
});

const targets = (n: number): DatabaseTarget[] =>
  Array.from({ length: n }, (_, i) => ({ id: `t${i}`, kind: 'tenant' as const, name: `t${i}`, database: `db_${i}`, server: null }));

function newRun(n: number): Promise<string> {
  return createRun(hostDb.db, { spec: { request: { action: 'migrate' }, planOptions: {} }, targets: targets(n), requestedBy: 'tester', source: 'cli' });
}

describe('claimNext', () => {
  it('20 executors claiming 400 databases at once: every database is claimed exactly once', async () => {
    const runId = await newRun(400);
    const claimers = Array.from({ length: 20 }, async (_, i) => {
      const mine: number[] = [];
      for (let row = await claimNext(hostDb.db, runId, `executor-${i}`, 60_000); row; row = await claimNext(hostDb.db, runId, `executor-${i}`, 60_000)) {
        mine.push(row.id);
      }
      return mine;
    });
    const claims = await Promise.all(claimers);
    const all = claims.flat();
    expect(all.length).toBe(400);
    expect(new Set(all).size).toBe(400);
    // The race really happened: the work was spread over many claimers, not taken by the first.
    expect(claims.filter((c) => c.length > 0).length).toBeGreaterThan(5);
    const rows = await hostDb.db.select().from(runDatabases).where(eq(runDatabases.runId, runId));
    expect(rows.every((r) => r.attempts === 1 && r.status === 'running')).toBe(true);
  });

  it('a lapsed lease is taken over by the next claimer; the executor that lost it can neither renew nor finish it', async () => {
    const runId = await newRun(2);
    const first = (await claimNext(hostDb.db, runId, 'dead', 200))!;
    expect(first.position).toBe(0);
    // A live lease is respected: the next claimer gets the next database.
    const second = (await claimNext(hostDb.db, runId, 'alive', 60_000))!;
    expect(second.position).toBe(1);
    expect(await claimNext(hostDb.db, runId, 'alive', 60_000)).toBeNull();

    await new Promise((resolve) => setTimeout(resolve, 400));
    const takenOver = (await claimNext(hostDb.db, runId, 'successor', 60_000))!;
    expect(takenOver).toMatchObject({ id: first.id, claimedBy: 'successor', attempts: 2 });

    await renewLease(hostDb.db, first.id, 'dead', 60_000);
    await finishDatabase(hostDb.db, first.id, 'dead', { status: 'applied', fromVersion: 0, toVersion: 1, stepsApplied: 1, message: null, problems: [] });
    const [row] = await hostDb.db.select().from(runDatabases).where(eq(runDatabases.id, first.id));
    expect(row).toMatchObject({ status: 'running', claimedBy: 'successor' });
    expect(row.leaseUntil!.getTime()).toBe(takenOver.leaseUntil!.getTime());
  });
});
