// Pure: what the real PostgreSQL parser (libpg-query) says about a section of SQL: how many
// statements, and which of them PostgreSQL refuses to run inside a transaction block.
import { loadModule, parseSync } from 'libpg-query';

/** Load the parser (WebAssembly) once before calling inspectSql. */
export const loadSqlParser: () => Promise<void> = loadModule;

export interface NonTransactional {
  /** What it is, e.g. "CREATE INDEX CONCURRENTLY". */
  what: string;
  /** 1-based line in the inspected text where the statement starts. */
  line: number;
}

export type SqlInspection =
  | { ok: true; statements: number; nonTransactional: NonTransactional[] }
  | { ok: false; message: string; line: number };

type Node = Record<string, unknown>;
type DefElem = { DefElem?: { defname?: string; arg?: { String?: { sval?: string }; Boolean?: { boolval?: boolean } } } };

const option = (options: unknown, name: string): string | undefined => {
  const found = (options as DefElem[] | undefined)?.find((o) => o.DefElem?.defname === name)?.DefElem?.arg;
  return found?.String?.sval ?? (found?.Boolean ? String(found.Boolean.boolval ?? false) : undefined);
};

/**
 * The statements PostgreSQL runs only outside a transaction block (PreventInTransactionBlock in
 * its source), by parse-tree node. Returns what to call the statement, or null when it is fine.
 */
function nonTransactionalKind(stmt: Node): string | null {
  const [type, body] = Object.entries(stmt)[0] as [string, Node];
  switch (type) {
    case 'IndexStmt':
      return body.concurrent ? 'CREATE INDEX CONCURRENTLY' : null;
    case 'DropStmt':
      return body.concurrent ? 'DROP INDEX CONCURRENTLY' : null;
    case 'ReindexStmt':
      if ((body.params as DefElem[] | undefined)?.some((p) => p.DefElem?.defname === 'concurrently')) return 'REINDEX CONCURRENTLY';
      return body.kind === 'REINDEX_OBJECT_SYSTEM' || body.kind === 'REINDEX_OBJECT_DATABASE' ? 'REINDEX DATABASE/SYSTEM' : null;
    case 'VacuumStmt':
      return body.is_vacuumcmd ? 'VACUUM' : null;
    case 'ClusterStmt':
      return body.relation ? null : 'CLUSTER (all tables)';
    case 'CreatedbStmt':
      return 'CREATE DATABASE';
    case 'DropdbStmt':
      return 'DROP DATABASE';
    case 'AlterDatabaseStmt':
      return option(body.options, 'tablespace') !== undefined ? 'ALTER DATABASE SET TABLESPACE' : null;
    case 'CreateTableSpaceStmt':
      return 'CREATE TABLESPACE';
    case 'DropTableSpaceStmt':
      return 'DROP TABLESPACE';
    case 'AlterSystemStmt':
      return 'ALTER SYSTEM';
    case 'CreateSubscriptionStmt':
      return option(body.options, 'connect') === 'false' || option(body.options, 'create_slot') === 'false' ? null : 'CREATE SUBSCRIPTION';
    case 'AlterSubscriptionStmt':
      return String(body.kind).startsWith('ALTER_SUBSCRIPTION_REFRESH') ? 'ALTER SUBSCRIPTION … REFRESH' : null;
    case 'DropSubscriptionStmt':
      return 'DROP SUBSCRIPTION';
    case 'DiscardStmt':
      return body.target === 'DISCARD_ALL' ? 'DISCARD ALL' : null;
    case 'AlterTableStmt': {
      const cmds = (body.cmds ?? []) as Array<{ AlterTableCmd?: { subtype?: string; def?: { PartitionCmd?: { concurrent?: boolean } } } }>;
      return cmds.some((c) => c.AlterTableCmd?.subtype === 'AT_DetachPartition' && c.AlterTableCmd.def?.PartitionCmd?.concurrent)
        ? 'DETACH PARTITION CONCURRENTLY'
        : null;
    }
    default:
      return null;
  }
}

export function inspectSql(sql: string): SqlInspection {
  const bytes = new TextEncoder().encode(sql);
  // libpg-query gives statement locations as byte offsets into the UTF-8 text.
  const lineAtByte = (offset: number) => {
    let line = 1;
    for (let i = 0; i < Math.min(offset, bytes.length); i++) if (bytes[i] === 0x0a) line++;
    return line;
  };
  // A statement's location is just past the previous semicolon: skip the blank lines and comments before it.
  const firstCodeLine = (offset: number, length: number) => {
    const text = new TextDecoder().decode(bytes.subarray(offset, length ? offset + length : undefined));
    const skipped = /^(?:\s|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*/.exec(text)?.[0] ?? '';
    return lineAtByte(offset) + (skipped.match(/\n/g)?.length ?? 0);
  };
  if (sql.trim() === '') return { ok: true, statements: 0, nonTransactional: [] };
  let stmts: Array<{ stmt: Node; stmt_location?: number; stmt_len?: number }>;
  try {
    stmts = (parseSync(sql).stmts ?? []) as typeof stmts;
  } catch (error) {
    const details = (error as { sqlDetails?: { message?: string; cursorPosition?: number } }).sqlDetails;
    // The error's position counts characters (from 0), unlike statement locations.
    const position = details?.cursorPosition ?? 0;
    return { ok: false, message: details?.message ?? (error as Error).message, line: sql.slice(0, position).split('\n').length };
  }
  const nonTransactional: NonTransactional[] = [];
  for (const s of stmts) {
    const what = nonTransactionalKind(s.stmt);
    if (what) nonTransactional.push({ what, line: firstCodeLine(s.stmt_location ?? 0, s.stmt_len ?? 0) });
  }
  return { ok: true, statements: stmts.length, nonTransactional };
}
