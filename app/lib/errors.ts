import { explainHostError } from '@/lib/db/host-error';
import { redact } from '@/lib/db/redact';
import { ConfigError, MigrationFilesError, UsageError } from '@/lib/migrations';

export interface ProblemView {
  title: string;
  message: string;
  hint: string | null;
  details: string[];
}

/** An error as a page may show it: never a stack, password or connection string. */
export function problemOf(error: unknown): ProblemView {
  if (error instanceof MigrationFilesError) {
    return {
      title: 'The migration files have problems',
      message: `${error.message}: nothing can be planned or run until they are fixed.`,
      hint: 'run `npx fastmigrate validate --files-only` for the same list',
      details: error.problems.map((p) => `${p.file}${p.line ? `:${p.line}` : ''}: ${p.message} — fix: ${p.hint}`),
    };
  }
  if (error instanceof ConfigError || error instanceof UsageError) {
    return { title: 'Cannot read the databases', message: redact(error.message), hint: redact(error.hint), details: [] };
  }
  const host = explainHostError(error);
  if (host) return { title: 'The host database cannot be used', message: host.message, hint: host.hint, details: [] };
  const message = redact(error instanceof Error ? error.message : String(error));
  return { title: 'Something went wrong', message, hint: null, details: [] };
}
