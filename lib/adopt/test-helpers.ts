// Pure: helpers for the converters' unit tests (kept out of lib/testing/, which marks a test as needing PostgreSQL).
import { parseMigrationFile } from '../migrations/parse';
import type { Migration, Scope } from '../migrations/types';
import { CONVERTERS } from './converters';
import type { ConversionResult, ConvertedMigration, Tool } from './types';

export function convert(tool: Tool, files: Record<string, string | Uint8Array>, scope: Scope = 'tenant'): ConversionResult {
  return CONVERTERS[tool](
    Object.entries(files).map(([path, content]) => ({ path, content })),
    { scope },
  );
}

/** The converted file read back with our parser (it must parse). */
export function reparse(m: ConvertedMigration, scope: Scope = 'tenant'): Migration {
  const result = parseMigrationFile({ file: `${scope}/${m.fileName}`, folder: scope, fileName: m.fileName, content: m.content });
  if (!result.ok) throw new Error(`${m.fileName} does not parse: ${JSON.stringify(result.problems)}`);
  return result.migration;
}

/** [file, line, message] of each problem, for compact expectations. */
export const problemList = (r: ConversionResult) => r.problems.map((p) => [p.file, p.line, p.message]);
