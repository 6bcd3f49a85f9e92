// Where the demo keeps its things: the URL under .fastmigrate/ (git-ignored), the data outside the tree.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { demoStatePath, readDemoState, type DemoState } from '../config';

export function demoDataDir(projectRoot: string): string {
  const hash = crypto.createHash('sha256').update(path.resolve(projectRoot)).digest('hex').slice(0, 10);
  return path.join(os.tmpdir(), `fastmigrate-demo-${hash}`, 'data');
}

export function writeDemoState(projectRoot: string, state: DemoState): void {
  const file = demoStatePath(projectRoot);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(state, null, 2) + '\n', { mode: 0o600 });
}

export function isAlive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export { readDemoState };
