// Pure: parsed migrations → the host and tenant streams (DESIGN §2), and the text of a new file.
import { MARKER_EXAMPLE, MAX_VERSION, slugify } from './parse';
import type { DatabaseKind, FileProblem, Migration, MigrationSet, Scope } from './types';

const STREAM_SCOPES: Record<DatabaseKind, readonly Scope[]> = {
  host: ['host', 'both'],
  tenant: ['tenant', 'both'],
};

export function buildMigrationSet(dir: string, migrations: Migration[]): { set: MigrationSet; problems: FileProblem[] } {
  const stream = (kind: DatabaseKind) =>
    migrations
      .filter((m) => STREAM_SCOPES[kind].includes(m.scope))
      .sort((a, b) => a.version - b.version || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const set: MigrationSet = { dir, host: stream('host'), tenant: stream('tenant') };

  const problems: FileProblem[] = [];
  // Files that clash only through both/ clash in both streams; report each clash once.
  const reported = new Set<string>();
  for (const kind of ['host', 'tenant'] as const) {
    const byVersion = new Map<number, Migration[]>();
    for (const m of set[kind]) byVersion.set(m.version, [...(byVersion.get(m.version) ?? []), m]);
    for (const [version, clash] of byVersion) {
      if (clash.length < 2) continue;
      const files = clash.map((m) => m.file);
      const key = files.join('\n');
      if (reported.has(key)) continue;
      reported.add(key);
      const where = clash.every((m) => m.scope === 'both') ? 'host and tenant streams (both/)' : `${kind} stream (${kind}/ + both/)`;
      const times = clash.length === 2 ? 'twice' : `${clash.length} times`;
      problems.push({
        file: files[1],
        line: null,
        message: `version ${version} is used ${times} in the ${where}: ${listFiles(files)}`,
        hint: `A version must be unique within a stream: renumber all but one of ${listFiles(files)} to an unused version.`,
      });
    }
  }
  return { set, problems };
}

function listFiles(files: string[]): string {
  return files.length === 2 ? `${files[0]} and ${files[1]}` : `${files.slice(0, -1).join(', ')} and ${files.at(-1)}`;
}

/** The next free version for a new file in `scope`'s folder: above every version of each stream it joins. */
export function nextVersion(set: MigrationSet, scope: Scope): number {
  const streams = scope === 'both' ? [set.host, set.tenant] : [set[scope]];
  return Math.max(0, ...streams.flat().map((m) => m.version)) + 1;
}

export interface NewMigrationInput {
  version: number;
  /** Free text, e.g. "add budgets"; slugified for the file name. */
  description: string;
  scope: Scope;
  author?: string;
  /** A `YYYY-MM-DD` string, or a Date (its UTC day is used). */
  date: string | Date;
}

/**
 * The file `fastmigrate new` writes. Its UP and DOWN hold only instructions, so it does not pass
 * validation until someone writes the SQL: an empty migration must not be applied by accident.
 */
export function formatNewMigration(input: NewMigrationInput): { fileName: string; content: string } {
  const { version, scope } = input;
  if (!Number.isInteger(version) || version < 1 || version > MAX_VERSION) {
    throw new Error(`Version must be a whole number from 1 to ${MAX_VERSION}, got ${version}.`);
  }
  const slug = slugify(input.description);
  if (!slug) {
    throw new Error(
      `The description "${input.description}" has no letters or digits to name the file with; ` +
        `describe the change, e.g. "add budgets".`,
    );
  }
  const padded = String(version).padStart(3, '0');
  const name = `${padded}_${slug}`;
  const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();
  const date = typeof input.date === 'string' ? oneLine(input.date) : input.date.toISOString().slice(0, 10);
  const author = oneLine(input.author ?? '');

  const lines = [
    `-- Migration: ${name}`,
    `-- Version: ${padded}`,
    `-- Description: ${oneLine(input.description)}`,
    ...(author ? [`-- Author: ${author}`] : []),
    `-- Date: ${date}`,
    `-- Scope: ${scope}`,
    '',
    MARKER_EXAMPLE.up,
    '-- Write the forward SQL here. Use IF EXISTS / IF NOT EXISTS so a retry is harmless.',
    '',
    MARKER_EXAMPLE.down,
    '-- Write the SQL that undoes the UP section here, in reverse order.',
    '-- If the change cannot be undone, replace these comments with the line "-- fastmigrate:irreversible".',
    '',
  ];
  return { fileName: `${name}.sql`, content: lines.join('\n') };
}
