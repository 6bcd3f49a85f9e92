// Progress of a run on stderr: a bar on a terminal, one line per finished database elsewhere.
import cliProgress from 'cli-progress';
import type { ExecutorEvent } from '../engine';
import { redact } from '../util/redact';
import { color, err } from './output';

export interface Progress {
  onEvent(event: ExecutorEvent): void;
  stop(): void;
}

/** A line worth keeping on screen while a database waits: a busy lock or a retried statement. */
function waitLine(event: ExecutorEvent): string | null {
  if (event.type !== 'database-event') return null;
  const e = event.event;
  if (e.type === 'step-retry') {
    return `  ${event.name}: ${e.step.name} attempt ${e.attempt} hit lock_timeout (${e.message.split('\n')[0]}): rolled back, attempt ${e.attempt + 1} in ${e.delayMs} ms`;
  }
  if (e.type === 'lock-wait') return `  ${event.name}: waiting for the migration lock held by ${e.holder}`;
  return null;
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
        const line = waitLine(event);
        // Clear the bar's line, print above it; the bar draws itself again below.
        if (line) process.stderr.write('\r\x1b[2K' + redact(line) + '\n');
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
      const line = waitLine(event);
      if (line) err(line);
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
