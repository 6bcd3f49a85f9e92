// Pure: where the converted migrations go in our migrations folder, and what refuses them there.
// Nothing is written unless every file can be: the caller writes `writes` only when `problems` is empty.
import type { FileProblem, Scope } from '../migrations/types';
import type { ConvertedMigration } from './types';

/** A file already in the migrations folder. */
export interface ExistingFile {
  folder: Scope;
  fileName: string;
}

export interface PlannedWrite {
  /** Relative to the migrations folder, e.g. `tenant/20240131120000_create_users.sql`. */
  path: string;
  migration: ConvertedMigration;
}

/** The folders whose versions share a stream with `scope`'s (DESIGN §2: both/ counts for host and tenant). */
const SAME_STREAM: Record<Scope, readonly Scope[]> = {
  host: ['host', 'both'],
  tenant: ['tenant', 'both'],
  both: ['host', 'tenant', 'both'],
};

/** Leading version digits as a canonical string (`003` → `3`), so that any number of digits compares exactly. */
const versionKey = (fileName: string) => /^(\d+)_/.exec(fileName)?.[1].replace(/^0+(?=\d)/, '') ?? null;

export function planImport(
  migrations: readonly ConvertedMigration[],
  scope: Scope,
  existing: readonly ExistingFile[],
): { writes: PlannedWrite[]; problems: FileProblem[] } {
  const problems: FileProblem[] = [];
  const writes: PlannedWrite[] = [];
  const streamFiles = existing.filter((e) => SAME_STREAM[scope].includes(e.folder));
  for (const migration of migrations) {
    const path = `${scope}/${migration.fileName}`;
    const from = `(from ${migration.sources.join(' + ')})`;
    if (existing.some((e) => e.folder === scope && e.fileName === migration.fileName)) {
      problems.push({
        file: path,
        line: null,
        message: `${path} already exists ${from}`,
        hint: 'import never overwrites a file: remove or rename the existing one, or import into another migrations folder (MIGRATIONS_DIR).',
      });
      continue;
    }
    const key = String(migration.version);
    const clash = streamFiles.filter((e) => versionKey(e.fileName) === key);
    if (clash.length) {
      const stream = scope === 'both' ? 'host and tenant streams' : `${scope} stream (${scope}/ + both/)`;
      problems.push({
        file: `${clash[0].folder}/${clash[0].fileName}`,
        line: null,
        message: `version ${migration.version} of the imported ${migration.fileName} ${from} is already used by ${clash.map((c) => `${c.folder}/${c.fileName}`).join(', ')} in the ${stream}`,
        hint: 'A version is unique within a stream: import into an empty migrations folder, or renumber one of them first.',
      });
      continue;
    }
    writes.push({ path, migration });
  }
  return { writes, problems };
}
