// `fastmigrate worker`: carries out queued runs (from `migrate --enqueue` or the dashboard) on this machine.
import type { CommandContext } from '../run-command';
import { color, err } from '../output';
import { createProgress } from '../progress';

interface WorkerOptions {
  concurrency: number;
  poll: number;
  lease: number;
  once?: boolean;
  json?: boolean;
}

export async function workerCommand(ctx: CommandContext, o: WorkerOptions): Promise<number> {
  const engine = ctx.engine();
  await engine.migrations();
  const stop = new AbortController();
  const onSignal = () => {
    err(color.dim('finishing the databases in hand, then stopping…'));
    stop.abort();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const progress = createProgress(Number.POSITIVE_INFINITY, 'working');
  let idleSaid = false;
  err(color.dim(`worker started: up to ${o.concurrency} databases at once per server; waiting for runs…`));
  await engine.work({
    concurrency: o.concurrency,
    leaseMs: o.lease * 1000,
    pollMs: o.poll * 1000,
    once: o.once,
    signal: stop.signal,
    onEvent: (event) => {
      idleSaid = false;
      progress.onEvent(event);
    },
    onIdle: () => {
      if (!idleSaid) err(color.dim('no open runs; waiting…'));
      idleSaid = true;
    },
  });
  progress.stop();
  return 0;
}
