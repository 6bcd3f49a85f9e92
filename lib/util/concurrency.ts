import pLimit, { type LimitFunction } from 'p-limit';

/**
 * Maps with at most `limit` calls in flight per group (e.g. per PostgreSQL server: DESIGN §5
 * bounds concurrency per server). Without `groupOf` everything is one group.
 */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
  groupOf: (item: T) => string = () => '',
): Promise<R[]> {
  const limits = new Map<string, LimitFunction>();
  const limiterOf = (item: T) => {
    const key = groupOf(item);
    let limiter = limits.get(key);
    if (!limiter) limits.set(key, (limiter = pLimit(Math.max(1, limit))));
    return limiter;
  };
  return Promise.all(items.map((item, i) => limiterOf(item)(() => fn(item, i))));
}
