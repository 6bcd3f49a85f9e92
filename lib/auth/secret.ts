// The key that signs dashboard sessions: AUTH_SECRET, or one generated once and kept (mode 0600)
// in the git-ignored .fastmigrate/ folder so a restart does not sign everybody out.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export function authSecret(projectRoot: string = process.cwd(), env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.AUTH_SECRET ?? env.NEXTAUTH_SECRET;
  if (fromEnv) return fromEnv;
  const file = path.join(projectRoot, '.fastmigrate', 'auth-secret');
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    try {
      fs.writeFileSync(file, crypto.randomBytes(32).toString('base64url') + '\n', { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    return fs.readFileSync(file, 'utf8').trim();
  }
}
