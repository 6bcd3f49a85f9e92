// The shape of a database's schema from the PostgreSQL catalog, and the difference between two such
// catalogs. `diffCatalogs` is pure; `readSchemaCatalog` is the catalog query (run it inside the
// transaction whose effect you want to see, e.g. a rehearsal that is rolled back afterwards).
import type pg from 'pg';

export type SchemaObjectKind = 'table' | 'column' | 'index' | 'constraint' | 'trigger' | 'function';

/** One object of the schema, keyed by kind + name; `definition` is what "changed" compares. */
export interface SchemaObject {
  kind: SchemaObjectKind;
  /** Qualified where it helps: `public.accounts`, `public.accounts.balance`, `public.accounts_pkey`. */
  name: string;
  /** The relation an object belongs to (columns, indexes, constraints, triggers), else null. */
  table: string | null;
  /** A readable one-line definition: column type and nullability, index/constraint definition, … */
  definition: string;
}

export interface SchemaCatalog {
  objects: SchemaObject[];
}

export interface SchemaChange {
  kind: SchemaObjectKind;
  name: string;
  table: string | null;
  before: string;
  after: string;
}

export interface AddedOrRemoved extends SchemaObject {
  /** For an added/removed table: its columns, indexes, constraints and triggers, folded in. */
  children: SchemaObject[];
}

export interface SchemaDiff {
  added: AddedOrRemoved[];
  removed: AddedOrRemoved[];
  changed: SchemaChange[];
}

const KIND_ORDER: Record<SchemaObjectKind, number> = { table: 0, column: 1, constraint: 2, index: 3, trigger: 4, function: 5 };

/** Tables the tool itself keeps in every database; never part of a migration's effect. */
const TOOL_TABLES = new Set(['_migration_versions']);

const keyOf = (o: { kind: SchemaObjectKind; name: string }) => `${o.kind}\u0000${o.name}`;

/** What `after` adds, removes and changes relative to `before`. Objects of an added or removed table are folded into it. */
export function diffCatalogs(before: SchemaCatalog, after: SchemaCatalog): SchemaDiff {
  const old = new Map(before.objects.map((o) => [keyOf(o), o]));
  const now = new Map(after.objects.map((o) => [keyOf(o), o]));
  const added: SchemaObject[] = [];
  const removed: SchemaObject[] = [];
  const changed: SchemaChange[] = [];
  for (const [key, o] of now) {
    const was = old.get(key);
    if (!was) added.push(o);
    else if (was.definition !== o.definition) changed.push({ kind: o.kind, name: o.name, table: o.table, before: was.definition, after: o.definition });
  }
  for (const [key, o] of old) if (!now.has(key)) removed.push(o);
  return { added: fold(added), removed: fold(removed), changed: changed.sort(byKindThenName) };
}

function fold(objects: SchemaObject[]): AddedOrRemoved[] {
  const tables = new Map(objects.filter((o) => o.kind === 'table').map((o) => [o.name, { ...o, children: [] as SchemaObject[] }]));
  const rest: AddedOrRemoved[] = [];
  for (const o of objects) {
    if (o.kind === 'table') continue;
    const parent = o.table ? tables.get(o.table) : undefined;
    if (parent) parent.children.push(o);
    else rest.push({ ...o, children: [] });
  }
  for (const t of tables.values()) t.children.sort(byKindThenName);
  return [...tables.values(), ...rest].sort(byKindThenName);
}

function byKindThenName(a: { kind: SchemaObjectKind; name: string }, b: { kind: SchemaObjectKind; name: string }): number {
  return KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.name.localeCompare(b.name);
}

export function isEmptyDiff(diff: SchemaDiff): boolean {
  return !diff.added.length && !diff.removed.length && !diff.changed.length;
}

/** Counts per kind of what a diff does, e.g. `{ added: { table: 1, column: 2 }, … }`. */
export function summarizeDiff(diff: SchemaDiff): Record<'added' | 'removed' | 'changed', Partial<Record<SchemaObjectKind, number>>> {
  const count = (items: Array<{ kind: SchemaObjectKind; children?: SchemaObject[] }>) => {
    const out: Partial<Record<SchemaObjectKind, number>> = {};
    for (const item of items) out[item.kind] = (out[item.kind] ?? 0) + 1;
    return out;
  };
  return { added: count(diff.added), removed: count(diff.removed), changed: count(diff.changed) };
}

// ---------------------------------------------------------------------------------------------
// The catalog query. System schemas and the tool's own history table are left out.

const USER_SCHEMAS = `n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'`;
const NOT_TOOL_TABLE = `c.relname <> ALL($1::text[])`;
// Objects that belong to an extension are the extension's business, not the migration's.
const NOT_EXTENSION_MEMBER = (classId: string, oid: string) =>
  `NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = '${classId}'::regclass AND d.objid = ${oid} AND d.deptype = 'e')`;

const QUERIES: Array<{ kind: SchemaObjectKind; sql: string }> = [
  {
    kind: 'table',
    sql: `SELECT n.nspname || '.' || c.relname AS name, NULL AS "table",
                 CASE c.relkind WHEN 'r' THEN 'table' WHEN 'p' THEN 'partitioned table' WHEN 'v' THEN 'view'
                                WHEN 'm' THEN 'materialized view' WHEN 'f' THEN 'foreign table' END
                 || CASE WHEN c.relkind IN ('v', 'm') THEN ': ' || regexp_replace(pg_get_viewdef(c.oid), '\\s+', ' ', 'g') ELSE '' END AS definition
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND ${USER_SCHEMAS} AND ${NOT_TOOL_TABLE}
             AND ${NOT_EXTENSION_MEMBER('pg_class', 'c.oid')}`,
  },
  {
    kind: 'column',
    sql: `SELECT n.nspname || '.' || c.relname || '.' || a.attname AS name, n.nspname || '.' || c.relname AS "table",
                 format_type(a.atttypid, a.atttypmod)
                 || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END
                 || CASE a.attidentity WHEN 'a' THEN ' GENERATED ALWAYS AS IDENTITY' WHEN 'd' THEN ' GENERATED BY DEFAULT AS IDENTITY' ELSE '' END
                 || CASE WHEN a.attgenerated <> '' THEN ' GENERATED ALWAYS AS (' || pg_get_expr(ad.adbin, ad.adrelid) || ')'
                         WHEN ad.adbin IS NOT NULL THEN ' DEFAULT ' || pg_get_expr(ad.adbin, ad.adrelid) ELSE '' END AS definition
            FROM pg_attribute a
            JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
           WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
             AND ${USER_SCHEMAS} AND ${NOT_TOOL_TABLE} AND ${NOT_EXTENSION_MEMBER('pg_class', 'c.oid')}`,
  },
  {
    // Indexes that back a primary key, unique or exclusion constraint show up as that constraint.
    kind: 'index',
    sql: `SELECT n.nspname || '.' || ic.relname AS name, n.nspname || '.' || c.relname AS "table",
                 pg_get_indexdef(i.indexrelid) || CASE WHEN NOT i.indisvalid THEN ' (INVALID)' ELSE '' END AS definition
            FROM pg_index i
            JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class c ON c.oid = i.indrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE ${USER_SCHEMAS} AND ${NOT_TOOL_TABLE} AND ${NOT_EXTENSION_MEMBER('pg_class', 'c.oid')}
             AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.contype IN ('p', 'u', 'x'))`,
  },
  {
    // NOT NULL constraints (catalogued since PostgreSQL 18) are shown on their column instead.
    kind: 'constraint',
    sql: `SELECT n.nspname || '.' || c.relname || '.' || k.conname AS name, n.nspname || '.' || c.relname AS "table",
                 pg_get_constraintdef(k.oid) AS definition
            FROM pg_constraint k
            JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE k.contype <> 'n' AND ${USER_SCHEMAS} AND ${NOT_TOOL_TABLE} AND ${NOT_EXTENSION_MEMBER('pg_class', 'c.oid')}`,
  },
  {
    kind: 'trigger',
    sql: `SELECT n.nspname || '.' || c.relname || '.' || t.tgname AS name, n.nspname || '.' || c.relname AS "table",
                 pg_get_triggerdef(t.oid) AS definition
            FROM pg_trigger t
            JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE NOT t.tgisinternal AND ${USER_SCHEMAS} AND ${NOT_TOOL_TABLE}`,
  },
  {
    kind: 'function',
    sql: `SELECT n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' AS name, NULL AS "table",
                 CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' WHEN 'w' THEN 'window function' ELSE 'function' END
                 || COALESCE(' RETURNS ' || pg_get_function_result(p.oid), '') || ' LANGUAGE ' || l.lanname
                 || ', body ' || left(md5(coalesce(p.prosrc, '')), 12) AS definition
            FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang
           WHERE ${USER_SCHEMAS} AND ${NOT_EXTENSION_MEMBER('pg_proc', 'p.oid')}`,
  },
];

/** Reads the user-visible schema of the connected database (all non-system schemas). */
export async function readSchemaCatalog(client: pg.Client, ignoreTables: readonly string[] = [...TOOL_TABLES]): Promise<SchemaCatalog> {
  const objects: SchemaObject[] = [];
  for (const { kind, sql } of QUERIES) {
    const params = sql.includes('$1') ? [ignoreTables] : [];
    const { rows } = await client.query<{ name: string; table: string | null; definition: string }>(sql, params);
    for (const r of rows) objects.push({ kind, name: r.name, table: r.table, definition: r.definition ?? '' });
  }
  return { objects };
}
