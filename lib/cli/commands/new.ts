import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { formatNewMigration, loadConfig, nextVersion, readMigrations, UsageError } from '../../engine';
import type { CommandContext } from '../run-command';
import { color, out } from '../output';

const SCOPES = ['host', 'tenant', 'both'] as const;

export async function newCommand(_ctx: CommandContext, _o: unknown, scope: string, descriptionWords: string[] | string): Promise<number> {
  if (!(SCOPES as readonly string[]).includes(scope)) {
    throw new UsageError(`unknown scope ${JSON.stringify(scope)}`, 'the scope is host, tenant or both, e.g. `fastmigrate new tenant "add budgets"`');
  }
  const description = Array.isArray(descriptionWords) ? descriptionWords.join(' ') : descriptionWords;
  const { migrationsDir } = loadConfigWithoutDatabase();
  const { set } = await readMigrations(migrationsDir);
  const version = nextVersion(set, scope as (typeof SCOPES)[number]);
  let file;
  try {
    file = formatNewMigration({ version, description, scope: scope as (typeof SCOPES)[number], author: os.userInfo().username, date: new Date().toISOString().slice(0, 10) });
  } catch (error) {
    throw new UsageError((error as Error).message, 'describe the change in words, e.g. "add budgets"');
  }
  const target = path.join(migrationsDir, scope, file.fileName);
  await fs.mkdir(path.dirname(target), { recursive: true });
  await fs.writeFile(target, file.content, { flag: 'wx' });
  out(`${color.green('created')} ${path.relative(process.cwd(), target)}`);
  out(color.dim('Write the forward SQL under UP and the SQL that undoes it under DOWN, then run `fastmigrate migrate --dry-run`.'));
  return 0;
}

/** `new` works before any database is configured. */
function loadConfigWithoutDatabase() {
  try {
    return loadConfig();
  } catch {
    return { migrationsDir: path.resolve(process.env.MIGRATIONS_DIR || 'migrations') };
  }
}
