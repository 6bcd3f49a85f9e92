// Shared shapes of the history readers: what another tool recorded as applied in one database.
import type { Tool } from '../types';

/** Where the tool keeps its table, when not where it keeps it by default. */
export interface HistoryTableOptions {
  schema?: string;
  table?: string;
}

export type HistoryRefusal =
  /** The table is not there: the tool never ran on this database, or it keeps its table elsewhere. */
  | 'no-table'
  /** golang-migrate marked the database dirty: a migration failed halfway. */
  | 'dirty'
  /** Flyway recorded a failed versioned migration that was never repaired. */
  | 'failed'
  /** A recorded version is not one FastMigrate can hold (dotted Flyway version, 0, too large, no number). */
  | 'bad-version'
  /** The table does not have the tool's shape, or could not be read. */
  | 'unreadable';

export type ToolHistory =
  | {
      ok: true;
      tool: Tool;
      /** The table read, quoted, e.g. "public"."schema_migrations". */
      table: string;
      /** Versions recorded as applied, ascending (golang-migrate: its current version). */
      applied: number[];
      /**
       * Every version up to this one counts as applied as well, whether or not it is listed: golang-migrate
       * records only the current version, and a Flyway baseline stands for all versions up to its own
       * (a baseline version need not be a migration's).
       */
      upTo: number | null;
      /** Things worth saying that do not stop a baseline. */
      notes: string[];
    }
  | { ok: false; tool: Tool; table: string; reason: HistoryRefusal; message: string; hint: string };
