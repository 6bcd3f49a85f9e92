// I/O: read the migrations folder into a MigrationSet, or every problem found in it.
import fs from 'node:fs/promises';
import path from 'node:path';
import { problem, ProblemError } from '../problem';
import { buildMigrationSet } from './migration-set';
import { parseMigrationFile } from './parse';
import { fileProblem, type FileProblem, type Migration, type MigrationSet } from './types';

export const SCOPE_FOLDERS = ['host', 'tenant', 'both'] as const;

/** The migration files have problems: nothing may be planned or run until they are fixed. */
export class MigrationFilesError extends ProblemError {
  constructor(readonly problems: FileProblem[]) {
    super(
      problem('file', `${problems.length} problem${problems.length === 1 ? '' : 's'} in the migration files`, {
        hint: 'fix the files listed (`fastmigrate validate --files-only` lists them again)',
      }),
      problems.map(fileProblem),
    );
  }
}

export interface LoadResult {
  set: MigrationSet;
  problems: FileProblem[];
}

/** Reads and checks every file; never stops at the first problem. */
export async function readMigrations(dir: string): Promise<LoadResult> {
  const empty: MigrationSet = { dir, host: [], tenant: [] };
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (!entries) {
    return {
      set: empty,
      problems: [{ file: dir, line: null, message: 'the migrations folder does not exist', hint: 'create it with host/, tenant/ and both/ inside, or set MIGRATIONS_DIR to the right folder' }],
    };
  }

  const problems: FileProblem[] = [];
  for (const entry of entries) {
    if (entry.isFile() && isSqlFile(entry.name)) {
      problems.push(misplaced(entry.name, 'it is directly in the migrations folder'));
    } else if (entry.isDirectory() && !(SCOPE_FOLDERS as readonly string[]).includes(entry.name)) {
      const inner = await fs.readdir(path.join(dir, entry.name)).catch(() => []);
      for (const name of inner.filter(isSqlFile)) problems.push(misplaced(`${entry.name}/${name}`, `"${entry.name}" is not a scope folder`));
    }
  }

  const migrations: Migration[] = [];
  for (const folder of SCOPE_FOLDERS) {
    const folderPath = path.join(dir, folder);
    const entries = await fs.readdir(folderPath, { withFileTypes: true }).catch(() => []);
    // Files in sub-folders are never read: a migration put there by mistake must not be skipped silently.
    for (const sub of entries.filter((e) => e.isDirectory()).map((e) => e.name).sort()) {
      for (const nested of await sqlFilesBelow(path.join(folderPath, sub))) {
        problems.push(misplaced(`${folder}/${sub}/${nested}`, `it is in a sub-folder of ${folder}/, which is not read`));
      }
    }
    const names = entries.filter((e) => !e.isDirectory()).map((e) => e.name);
    for (const fileName of names.filter(isSqlFile).sort()) {
      const content = await fs.readFile(path.join(folderPath, fileName));
      const result = parseMigrationFile({ file: `${folder}/${fileName}`, folder, fileName, content });
      if (result.ok) migrations.push(result.migration);
      else problems.push(...result.problems);
    }
  }
  const built = buildMigrationSet(dir, migrations);
  problems.push(...built.problems);
  return { set: built.set, problems };
}

/** Like readMigrations, but any problem is an error: nothing may run on a half-valid set. */
export async function loadMigrations(dir: string): Promise<MigrationSet> {
  const { set, problems } = await readMigrations(dir);
  if (problems.length) throw new MigrationFilesError(problems);
  if (!set.host.length && !set.tenant.length) {
    throw new MigrationFilesError([
      { file: dir, line: null, message: 'there are no migration files', hint: 'create one with `fastmigrate new tenant "describe the change"`' },
    ]);
  }
  return set;
}

async function sqlFilesBelow(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries
    .filter((e) => !e.isDirectory() && isSqlFile(e.name))
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

/** `.SQL` counts too, so that a mis-cased name is reported rather than silently skipped. */
const isSqlFile = (name: string) => name.toLowerCase().endsWith('.sql');

function misplaced(file: string, why: string): FileProblem {
  return { file, line: null, message: `${file} is not in host/, tenant/ or both/ (${why})`, hint: 'move it into the folder of the databases it is for: host/, tenant/ or both/' };
}
