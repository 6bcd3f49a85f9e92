// Rehearsals against a real PostgreSQL: they report success, errors and the schema difference, and never change anything.
import { afterEach, describe, expect, it } from 'vitest';
import { withClient } from '../db/connection';
import { appliedVersions, catalogDump, createFleet, migration, sql, urlFor, writeMigrations, type Fleet } from '../testing/fleet';
import { MIGRATION_LOCK_KEY } from '../migrations/lock';
import { transactionControl } from '../migrations/rehearse-database';
import type { Engine } from './';

let fleet: Fleet | null = null;
let engine: Engine | null = null;
afterEach(async () => {
  await engine?.close();
  await fleet?.drop();
  engine = null;
  fleet = null;
});

const FILES = {
  'tenant/001_accounts.sql': migration('CREATE TABLE accounts (id bigint PRIMARY KEY, name text);', 'DROP TABLE accounts;'),
  'tenant/002_balance.sql': migration(
    "ALTER TABLE accounts ADD COLUMN balance numeric(14,2) NOT NULL DEFAULT 0, ALTER COLUMN name SET NOT NULL;\nCREATE INDEX accounts_name_idx ON accounts (name);\nALTER TABLE accounts ADD CONSTRAINT accounts_name_chk CHECK (name <> '');",
    'ALTER TABLE accounts DROP COLUMN balance;',
  ),
};

async function setUp(files: Record<string, string>, tenants = 2) {
  fleet = await createFleet({ tenants, migrationsDir: writeMigrations(files) });
  engine = fleet.openEngine();
  return { fleet, engine };
}

describe('rehearse', () => {
  it('runs the plan, reports the schema difference, and leaves no trace', async () => {
    const { fleet, engine } = await setUp(FILES);
    const db = fleet.tenantDatabase('tenant1');
    const before = await catalogDump(db);
    const report = await engine.rehearse({ host: false, tenants: ['tenant1'] }, { action: 'migrate' });
    const [r] = report.results;
    expect(r.outcome).toBe('succeeded');
    expect(r.steps.map((s) => s.status)).toEqual(['succeeded', 'succeeded']);
    const added = r.diff!.added.map((o) => `${o.kind} ${o.name}`);
    expect(added).toEqual(['table public.accounts']);
    expect(r.diff!.added[0].children.map((c) => `${c.kind} ${c.name} ${c.definition}`)).toEqual([
      'column public.accounts.balance numeric(14,2) NOT NULL DEFAULT 0',
      'column public.accounts.id bigint NOT NULL',
      'column public.accounts.name text NOT NULL',
      'constraint public.accounts.accounts_name_chk CHECK ((name <> \'\'::text))',
      'constraint public.accounts.accounts_pkey PRIMARY KEY (id)',
      'index public.accounts_name_idx CREATE INDEX accounts_name_idx ON public.accounts USING btree (name)',
    ]);
    // Nothing stayed: no table, no history table, no lock.
    expect(await catalogDump(db)).toBe(before);
    expect(await appliedVersions(db)).toEqual([]);
    // pg_locks covers the whole server (other test files run in parallel): only this database counts.
    const [{ n }] = await sql<{ n: number }>(
      db,
      "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
    );
    expect(n).toBe(0);
  });

  it('reports changes to existing objects and the PostgreSQL error of a failing step', async () => {
    const { fleet, engine } = await setUp(FILES);
    const { runId } = await engine.startRun({ host: false, tenants: ['tenant1', 'tenant2'] }, { request: { action: 'migrate', to: 1 }, planOptions: {} }, { source: 'cli', requestedBy: 't' });
    await engine.executeRun(runId, { concurrency: 2 });
    await sql(fleet.tenantDatabase('tenant2'), "INSERT INTO accounts VALUES (1, '')");

    const { results } = await engine.rehearse({ host: false, tenants: ['tenant1', 'tenant2'] }, { action: 'migrate' });
    const [ok, bad] = results;
    expect(ok.outcome).toBe('succeeded');
    expect(ok.diff!.changed).toEqual([{ kind: 'column', name: 'public.accounts.name', table: 'public.accounts', before: 'text', after: 'text NOT NULL' }]);
    expect(ok.diff!.added.map((o) => `${o.kind} ${o.name}`)).toEqual([
      'column public.accounts.balance',
      'constraint public.accounts.accounts_name_chk',
      'index public.accounts_name_idx',
    ]);
    expect(bad.outcome).toBe('failed');
    expect(bad.error).toMatchObject({ sqlstate: '23514', version: 2, file: 'tenant/002_balance.sql' });
    expect(bad.error!.message).toMatch(/accounts_name_chk/);
    expect(bad.steps.map((s) => s.status)).toEqual(['failed']);
    expect(await appliedVersions(fleet.tenantDatabase('tenant1'))).toEqual([1]);
  });

  it('says so for no-transaction steps and rehearses the steps before them', async () => {
    const { engine } = await setUp({
      ...FILES,
      'tenant/003_concurrent.sql': migration('CREATE INDEX CONCURRENTLY accounts_balance_idx ON accounts (balance);', 'DROP INDEX CONCURRENTLY accounts_balance_idx;', '-- fastmigrate:no-transaction'),
      'tenant/004_more.sql': migration('ALTER TABLE accounts ADD COLUMN note text;', 'ALTER TABLE accounts DROP COLUMN note;'),
    });
    const [r] = (await engine.rehearse({ host: false, tenants: ['tenant1'] }, { action: 'migrate' })).results;
    expect(r.outcome).toBe('partial');
    expect(r.steps.map((s) => s.status)).toEqual(['succeeded', 'succeeded', 'not-rehearsable', 'not-run']);
    expect(r.notes.join('\n')).toMatch(/003_concurrent is marked no-transaction and cannot be rehearsed/);
    expect(r.diff!.added.map((o) => o.name)).toEqual(['public.accounts']);
  });

  it('refuses SQL that would end the transaction, and reports refusals and nothing-to-do', async () => {
    const { engine, fleet } = await setUp({
      'tenant/001_accounts.sql': migration('CREATE TABLE accounts (id int);\nCOMMIT;\nCREATE TABLE sneaky (id int);', 'DROP TABLE accounts;'),
    });
    const [r] = (await engine.rehearse({ host: false, tenants: ['tenant1'] }, { action: 'migrate' })).results;
    expect(r.outcome).toBe('not-rehearsable');
    expect(await catalogDump(fleet.tenantDatabase('tenant1'))).toBe('');
    const [nothing] = (await engine.rehearse({ host: false, tenants: ['tenant1'] }, { action: 'rollback' })).results;
    expect(nothing.outcome).toBe('nothing-to-do');
  });

  it('waits for the migration lock and reports "locked" past the deadline', async () => {
    const { engine, fleet } = await setUp(FILES);
    await withClient({ connectionString: urlFor(fleet.tenantDatabase('tenant1')) }, async (holder) => {
      await holder.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY.toString()]);
      const [r] = (await engine.rehearse({ host: false, tenants: ['tenant1'] }, { action: 'migrate' }, {}, { lockWaitMs: 300 })).results;
      expect(r.outcome).toBe('locked');
      expect(r.error!.message).toMatch(/locked by/);
    });
  });

  it('reports unreachable databases', async () => {
    fleet = await createFleet({ tenants: ['a', 'b'], missing: ['b'], migrationsDir: writeMigrations(FILES) });
    engine = fleet.openEngine();
    const { results } = await engine.rehearse({ host: false, tenants: 'all' }, { action: 'migrate' });
    expect(results.map((r) => `${r.target.id} ${r.outcome}`)).toEqual(['a succeeded', 'b unreachable']);
  });
});

describe('transactionControl', () => {
  it('finds top-level transaction control, not words inside strings, bodies or other statements', () => {
    expect(transactionControl('CREATE TABLE t (id int); COMMIT;')).toBe('COMMIT');
    expect(transactionControl('begin;\nselect 1;')).toBe('BEGIN');
    expect(transactionControl('PREPARE TRANSACTION \'x\'')).toBe('PREPARE TRANSACTION');
    expect(transactionControl("SELECT 'commit'; DO $$ BEGIN PERFORM 1; END $$; CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END;")).toBeNull();
    expect(transactionControl('PREPARE q AS SELECT 1')).toBeNull();
  });
});
