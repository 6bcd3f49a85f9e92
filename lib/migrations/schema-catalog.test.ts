import { describe, expect, it } from 'vitest';
import { diffCatalogs, isEmptyDiff, summarizeDiff, type SchemaObject } from './schema-catalog';

const table = (name: string): SchemaObject => ({ kind: 'table', name, table: null, definition: 'table' });
const column = (tableName: string, name: string, definition: string): SchemaObject => ({ kind: 'column', name: `${tableName}.${name}`, table: tableName, definition });
const constraint = (tableName: string, name: string, definition: string): SchemaObject => ({ kind: 'constraint', name: `${tableName}.${name}`, table: tableName, definition });

describe('diffCatalogs', () => {
  const before = {
    objects: [
      table('public.accounts'),
      column('public.accounts', 'id', 'bigint NOT NULL'),
      column('public.accounts', 'name', 'text'),
      table('public.legacy'),
      column('public.legacy', 'id', 'integer'),
    ],
  };

  it('reports nothing for identical snapshots', () => {
    expect(isEmptyDiff(diffCatalogs(before, before))).toBe(true);
  });

  it('folds the objects of added and removed tables into the table', () => {
    const after = {
      objects: [
        table('public.accounts'),
        column('public.accounts', 'id', 'bigint NOT NULL'),
        column('public.accounts', 'name', 'text NOT NULL'),
        column('public.accounts', 'balance', 'numeric(14,2) NOT NULL DEFAULT 0'),
        constraint('public.accounts', 'accounts_name_chk', 'CHECK (length(name) > 0)'),
        table('public.tags'),
        column('public.tags', 'id', 'bigint NOT NULL'),
        constraint('public.tags', 'tags_pkey', 'PRIMARY KEY (id)'),
      ],
    };
    const diff = diffCatalogs(before, after);
    expect(diff.added.map((o) => `${o.kind} ${o.name} [${o.children.map((c) => c.name).join(', ')}]`)).toEqual([
      'table public.tags [public.tags.id, public.tags.tags_pkey]',
      'column public.accounts.balance []',
      'constraint public.accounts.accounts_name_chk []',
    ]);
    expect(diff.removed.map((o) => `${o.kind} ${o.name} [${o.children.map((c) => c.name).join(', ')}]`)).toEqual(['table public.legacy [public.legacy.id]']);
    expect(diff.changed).toEqual([{ kind: 'column', name: 'public.accounts.name', table: 'public.accounts', before: 'text', after: 'text NOT NULL' }]);
    expect(summarizeDiff(diff)).toEqual({ added: { table: 1, column: 1, constraint: 1 }, removed: { table: 1 }, changed: { column: 1 } });
  });
});
