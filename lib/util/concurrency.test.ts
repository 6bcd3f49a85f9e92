// The per-server bound (DESIGN §5): at most `limit` calls in flight per group, groups independent.
import { describe, expect, it } from 'vitest';
import { GroupLimiter, mapBounded } from './concurrency';

/** Runs `items` through mapBounded and records the most calls ever in flight, overall and per group. */
async function peaks(items: string[], limit: number) {
  const inFlight = new Map<string, number>();
  const peak = new Map<string, number>();
  let total = 0;
  let peakTotal = 0;
  await mapBounded(
    items,
    limit,
    async (group) => {
      inFlight.set(group, (inFlight.get(group) ?? 0) + 1);
      total++;
      peak.set(group, Math.max(peak.get(group) ?? 0, inFlight.get(group)!));
      peakTotal = Math.max(peakTotal, total);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight.set(group, inFlight.get(group)! - 1);
      total--;
    },
    (group) => group,
  );
  return { peak, peakTotal };
}

describe('GroupLimiter', () => {
  it('bounds each server separately: 3 servers at 2 each run 6 at once, never 3 on one server', async () => {
    const items = Array.from({ length: 60 }, (_, i) => `server${i % 3}`);
    const { peak, peakTotal } = await peaks(items, 2);
    expect([...peak.values()]).toEqual([2, 2, 2]);
    expect(peakTotal).toBe(6);
  });

  it('a limit below 1 still lets work through, one at a time', async () => {
    const order: number[] = [];
    const limiter = new GroupLimiter(0);
    await Promise.all([1, 2, 3].map((n) => limiter.run('', async () => void order.push(n))));
    expect(order).toEqual([1, 2, 3]);
  });
});
