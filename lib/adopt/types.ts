// Shared shapes of `fastmigrate import`: other tools' migration files in, our files out. Pure.
import type { FileProblem, Scope } from '../migrations/types';

export const TOOLS = ['golang-migrate', 'dbmate', 'flyway', 'node-pg-migrate'] as const;
export type Tool = (typeof TOOLS)[number];

export function isTool(name: string): name is Tool {
  return (TOOLS as readonly string[]).includes(name);
}

/** One file of the source folder. */
export interface SourceFile {
  /** Relative to the source folder, `/`-separated, e.g. `V1__init.sql` or `sub/V2__x.sql`. */
  path: string;
  content: Uint8Array | string;
}

/** One of our migration files, ready to be written into `scope/`. */
export interface ConvertedMigration {
  version: number;
  /** The version digits as the tool wrote them (zero padding kept), e.g. `000001`. */
  versionText: string;
  /** `{versionText}_{description}.sql` */
  fileName: string;
  content: string;
  /** The source files it was made from. */
  sources: string[];
  /** Where the meaning had to be expressed differently, e.g. "no down file: marked irreversible". */
  notes: string[];
}

/** A source file that was deliberately left out, because the tool itself never runs it. */
export interface IgnoredFile {
  file: string;
  reason: string;
}

/**
 * What a converter makes of a folder. `problems` are files that cannot be converted (file = the
 * source path, line = in that file); any problem means nothing is written.
 */
export interface ConversionResult {
  migrations: ConvertedMigration[];
  problems: FileProblem[];
  ignored: IgnoredFile[];
}

export interface ConvertOptions {
  scope: Scope;
}

export type Converter = (files: readonly SourceFile[], options: ConvertOptions) => ConversionResult;
