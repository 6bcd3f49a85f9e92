// Progress of a run on stderr: a bar on a terminal, one line per finished database elsewhere.
import cliProgress from 'cli-progress';
import type { ExecutorEvent } from '../migrations';
import { color, err } from './output';

export interface Progress {
  onEvent(event: ExecutorEvent): void;
  stop(): void;
}

export function createProgress(total: number, verb: string): Progress {
  let done = 0;
  if (process.stderr.isTTY && !process.env.CI) {
    const bar = new cliProgress.SingleBar(
      { format: `${verb} {bar} {value}/{total} databases | {failed} failed | {last}`, hideCursor: true, stream: process.stderr, clearOnComplete: true },
      cliProgress.Presets.shades_classic,
    );
    let failed = 0;
    bar.start(total, 0, { failed, last: '' });
    return {
      onEvent(event) {
        if (event.type !== 'database-done') return;
        if (event.result.status === 'failed') failed++;
        bar.increment(1, { failed, last: event.name });
      },
      stop: () => bar.stop(),
    };
  }
  const width = String(total).length;
  return {
    onEvent(event) {
      if (event.type === 'database-event' && event.event.type === 'step-retry') {
        err(`  ${event.name}: ${event.event.step.name} waited for a lock (attempt ${event.event.attempt}), retrying in ${event.event.delayMs} ms`);
      }
      if (event.type === 'database-event' && event.event.type === 'lock-wait') {
        err(`  ${event.name}: waiting for the migration lock held by ${event.event.holder}`);
      }
      if (event.type !== 'database-done') return;
      done++;
      const r = event.result;
      const status = r.status === 'failed' ? color.red('failed') : r.status === 'applied' ? color.green('applied') : color.dim('unchanged');
      const versions = r.fromVersion !== null && r.toVersion !== null && r.fromVersion !== r.toVersion ? ` ${r.fromVersion} → ${r.toVersion}` : '';
      err(`[${String(done).padStart(width)}/${total}] ${event.name} ${status}${versions}`);
    },
    stop() {},
  };
}
