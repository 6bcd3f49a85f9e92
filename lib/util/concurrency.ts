import pLimit, { type LimitFunction } from 'p-limit';

/**
 * At most `limit` calls in flight per group, e.g. per PostgreSQL server (DESIGN §5 bounds
 * concurrency per server). One group when no group is given.
 */
export class GroupLimiter {
  private readonly limits = new Map<string, LimitFunction>();
  constructor(private readonly limit: number) {}

  run<T>(group: string, fn: () => Promise<T>): Promise<T> {
    let limiter = this.limits.get(group);
    if (!limiter) this.limits.set(group, (limiter = pLimit(Math.max(1, this.limit))));
    return limiter(fn);
  }
}

/** Maps with at most `limit` calls in flight per group (see GroupLimiter). */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
  groupOf: (item: T) => string = () => '',
): Promise<R[]> {
  const limiter = new GroupLimiter(limit);
  return Promise.all(items.map((item, i) => limiter.run(groupOf(item), () => fn(item, i))));
}
