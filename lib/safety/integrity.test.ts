// Issue 4, scenarios 10–13: integrity of what was applied — edited, deleted, out-of-order files, edited DOWNs.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appliedVersions, createFleet, migration, sql, writeMigrations, type Fleet } from '../testing/fleet';
import { byId, cli, expectNoLocksLeft, fleetDatabases, history, parseJson, runLog, tableExists, writeFile } from './support';

let fleet: Fleet | null = null;
afterEach(async () => {
  if (fleet) await expectNoLocksLeft(fleet);
  await fleet?.drop();
  fleet = null;
});

/** Everything that a database's history and schema say, to prove that "nothing ran". */
async function snapshot(f: Fleet): Promise<string> {
  const parts: string[] = [];
  for (const db of fleetDatabases(f)) {
    const rows = await history(db);
    const tables = await sql<{ t: string }>(db, "SELECT string_agg(tablename, ',' ORDER BY tablename) AS t FROM pg_tables WHERE schemaname = 'public'");
    parts.push(`${db}: ${JSON.stringify(rows.map((r) => [r.id, r.version, r.direction]))} ${tables[0].t}`);
  }
  return parts.join('\n');
}

function toCrlf(dir: string) {
  for (const folder of ['host', 'tenant', 'both']) {
    for (const name of fs.readdirSync(path.join(dir, folder))) {
      const file = path.join(dir, folder, name);
      fs.writeFileSync(file, '\uFEFF' + fs.readFileSync(file, 'utf8').replace(/\r?\n/g, '\r\n'));
    }
  }
}

describe('integrity', () => {
  it('one byte of an applied UP changed: validate, migrate and status report the checksum mismatch per database with the file and the fix, and nothing runs; LF→CRLF is not a mismatch', async () => {
    const original = migration('CREATE TABLE a (id int);', 'DROP TABLE a;');
    const dir = writeMigrations({
      'host/001_h.sql': migration('CREATE TABLE h (id int);', 'DROP TABLE h;'),
      'tenant/001_a.sql': original,
      'tenant/002_b.sql': migration('CREATE TABLE b (id int);', 'DROP TABLE b;'),
    });
    fleet = await createFleet({ tenants: ['t1', 't2'], migrationsDir: dir });
    expect((await cli(['migrate'], fleet.env)).code).toBe(0);
    writeFile(dir, 'tenant/001_a.sql', original.replace('(id int)', '(id Int)'));
    writeFile(dir, 'tenant/003_c.sql', migration('CREATE TABLE c (id int);', 'DROP TABLE c;'));
    const before = await snapshot(fleet);
    const fix = 'fix: restore the applied text of tenant/001_a.sql (git checkout it) and put the change in a new migration (fastmigrate new tenant "…")';
    const edited = /tenant\/001_a\.sql was edited after it was applied \(checksum [0-9a-f]{12} applied, [0-9a-f]{12} on disk\)/;

    const validate = await cli(['validate'], fleet.env);
    expect(validate.code, validate.stderr).toBe(2);
    for (const id of ['t1', 't2']) {
      expect(validate.stdout).toMatch(new RegExp(`tenant ${id}:\\n    ${edited.source}\\n    ${escape(fix)}`));
    }
    expect(validate.stdout).not.toMatch(/host:/);
    const validateJson = parseJson(await cli(['validate', '--json'], fleet.env));
    const refusalsOf = (doc: { databases: Array<{ id: string; refusals: Array<{ code: string }> }> }, id: string) => doc.databases.find((d) => d.id === id)!.refusals.map((r) => r.code);
    expect(refusalsOf(validateJson, 't1')).toEqual(['checksum-mismatch']);
    expect(refusalsOf(validateJson, 'host')).toEqual([]);

    const migrate = await cli(['migrate', '--json'], fleet.env);
    expect(migrate.code, migrate.stderr).toBe(2);
    for (const id of ['t1', 't2']) {
      expect(byId(migrate)[id]).toMatchObject({ status: 'failed', errorKind: 'refused', steps: 0, errorVersion: 1 });
      expect(byId(migrate)[id].error).toMatch(edited);
      expect(byId(migrate)[id].error).toContain(fix);
    }
    const migrateText = await cli(['migrate'], fleet.env);
    expect(migrateText.code).toBe(2);
    expect(migrateText.stdout).toMatch(/t1 +refused/);
    expect(migrateText.stdout).toContain(fix);
    // Nothing ran: 003 is pending in both tenants, and no history row or table appeared anywhere.
    expect(await snapshot(fleet)).toBe(before);

    const status = await cli(['status'], fleet.env);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/t1 .* checksum-mismatch/);
    expect(status.stdout).toMatch(new RegExp(`t2: ${edited.source}\\n    ${escape(fix)}`));
    const statusJson = parseJson(await cli(['status', '--json'], fleet.env));
    const t1 = statusJson.databases.find((d: { id: string }) => d.id === 't1');
    expect(t1).toMatchObject({ state: 'checksum-mismatch', current: 2, pending: [3] });
    expect(t1.refusals[0].fix).toContain('restore the applied text of tenant/001_a.sql');
    expect(statusJson.databases.find((d: { id: string }) => d.id === 'host').state).toBe('up-to-date');
    expect(await snapshot(fleet)).toBe(before);

    // Restored, but every file now has CRLF line endings and a BOM: not an edit.
    writeFile(dir, 'tenant/001_a.sql', original);
    toCrlf(dir);
    const clean = await cli(['validate'], fleet.env);
    expect(clean.code, clean.stdout + clean.stderr).toBe(0);
    expect(clean.stdout).toMatch(/applied migrations match their files in all 3 databases checked/);
    const after = await cli(['migrate', '--json'], fleet.env);
    expect(after.code, after.stderr).toBe(0);
    expect(byId(after).t1).toMatchObject({ status: 'applied', from: 2, to: 3, steps: 1 });
    expect(parseJson(await cli(['status', '--json'], fleet.env)).databases.map((d: { state: string }) => d.state)).toEqual(['up-to-date', 'up-to-date', 'up-to-date']);
  });

  it('an applied migration\'s file deleted: migrate refuses naming it; rollback past it uses the DOWN kept at apply time (a no-transaction one too), or refuses clearly when none was kept', async () => {
    const dir = writeMigrations({
      'tenant/001_a.sql': migration('CREATE TABLE a (id int);', 'DROP TABLE a;'),
      // The directive in the header covers the DOWN as well: the kept DOWN must still run outside a transaction.
      'tenant/002_a_idx.sql': migration('CREATE INDEX CONCURRENTLY a_idx ON a (id);', 'DROP INDEX CONCURRENTLY a_idx;', '-- fastmigrate:no-transaction'),
      'tenant/003_c.sql': migration('CREATE TABLE c (id int);', 'DROP TABLE c;'),
    });
    fleet = await createFleet({ tenants: ['t1', 'legacy'], migrationsDir: dir });
    expect((await cli(['migrate'], fleet.env)).code).toBe(0);
    fs.rmSync(path.join(dir, 'tenant/002_a_idx.sql'));
    writeFile(dir, 'tenant/004_d.sql', migration('CREATE TABLE d (id int);', 'DROP TABLE d;'));
    const before = await snapshot(fleet);

    const migrate = await cli(['migrate', '--json'], fleet.env);
    expect(migrate.code, migrate.stderr).toBe(2);
    expect(byId(migrate).t1).toMatchObject({ status: 'failed', errorKind: 'refused', errorVersion: 2 });
    expect(byId(migrate).t1.error).toMatch(/applied migration 002_a_idx \(version 2\) has no file any more\n  fix: restore the file from version control, or roll this database back past version 2 first/);
    expect(await snapshot(fleet)).toBe(before);
    const validate = await cli(['validate'], fleet.env);
    expect(validate.code).toBe(2);
    expect(validate.stdout).toMatch(/tenant t1:\n    applied migration 002_a_idx \(version 2\) has no file any more/);
    const status = await cli(['status'], fleet.env);
    expect(status.stdout).toMatch(/t1: applied migration 002_a_idx \(version 2\) has no file any more\n    fix: restore the file/);

    // The reference tool's rows kept no DOWN: for such a database the rollback is refused, nothing runs.
    await sql(fleet.tenantDatabase('legacy'), 'UPDATE _migration_versions SET down_sql = NULL, down_checksum = NULL WHERE version = 2');

    const dry = await cli(['rollback', '--to', '1', '--dry-run'], fleet.env);
    expect(dry.code).toBe(2);
    expect(dry.stdout).toMatch(/-- DOWN 002_a_idx \(DOWN kept in history\) \(outside a transaction\)\n(-- fastmigrate:no-transaction\n)?DROP INDEX CONCURRENTLY a_idx;/);
    const rollback = await cli(['rollback', '--to', '1', '--json', '--tenant', 't1', '--tenant', 'legacy'], fleet.env);
    expect(rollback.code, rollback.stderr).toBe(2);
    expect(byId(rollback).t1).toMatchObject({ status: 'applied', from: 3, to: 1, steps: 2 });
    expect(byId(rollback).t1.message).toMatch(/002_a_idx: its file is gone; using the DOWN kept when it was applied/);
    expect(byId(rollback).legacy).toMatchObject({ status: 'failed', errorKind: 'refused', steps: 0 });
    expect(byId(rollback).legacy.error).toMatch(
      /applied migration 002_a_idx \(version 2\) has no file and no DOWN was kept when it was applied\n  fix: restore its file from version control/,
    );
    const t1 = fleet.tenantDatabase('t1');
    expect(await appliedVersions(t1)).toEqual([1]);
    expect(await sql(t1, "SELECT 1 FROM pg_class WHERE relname = 'a_idx'")).toEqual([]);
    expect((await history(t1)).slice(-2).map((h) => [h.version, h.direction])).toEqual([
      [3, 'down'],
      [2, 'down'],
    ]);
    expect(await appliedVersions(fleet.tenantDatabase('legacy'))).toEqual([1, 2, 3]);
  });

  it('a new file with a version below one already applied: refused as out of order naming both; --allow-out-of-order applies it', async () => {
    const dir = writeMigrations({
      'tenant/001_a.sql': migration('CREATE TABLE a (id int);', 'DROP TABLE a;'),
      'tenant/003_c.sql': migration('CREATE TABLE c (id int);', 'DROP TABLE c;'),
    });
    fleet = await createFleet({ tenants: ['t1'], migrationsDir: dir });
    expect((await cli(['migrate'], fleet.env)).code).toBe(0);
    writeFile(dir, 'tenant/002_b.sql', migration('CREATE TABLE b (id int);', 'DROP TABLE b;'));
    const before = await snapshot(fleet);

    const r = await cli(['migrate'], fleet.env);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toMatch(/t1: tenant\/002_b\.sql \(version 2\) is pending but version 3 is already applied \(tenant\/003_c\.sql\): out of order/);
    expect(r.stdout).toMatch(/fix: give the new migration a version above 3 \(rename the file\), or rerun with --allow-out-of-order/);
    expect(await snapshot(fleet)).toBe(before);
    const dry = await cli(['migrate', '--dry-run'], fleet.env);
    expect(dry.code).toBe(2);
    expect(dry.stdout).toMatch(/tenant t1 \(Tenant t1\): refused/);

    const help = await cli(['migrate', '--help'], fleet.env);
    expect(help.stdout).toMatch(/--allow-out-of-order +apply pending versions below the current one/);
    const allowed = await cli(['migrate', '--allow-out-of-order', '--json'], fleet.env);
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(byId(allowed).t1).toMatchObject({ status: 'applied', from: 3, to: 3, steps: 1 });
    expect(await appliedVersions(fleet.tenantDatabase('t1'))).toEqual([1, 2, 3]);
  });

  it('writing an UP\'s history row fails: the UP that ran before it in the same transaction is undone, and the run says so', async () => {
    const dir = writeMigrations({
      'tenant/001_a.sql': migration('CREATE TABLE a (id int);', 'DROP TABLE a;'),
      'tenant/002_b.sql': migration('CREATE TABLE b (id int);\nINSERT INTO b VALUES (1);', 'DROP TABLE b;'),
    });
    fleet = await createFleet({ tenants: ['t1', 't2'], migrationsDir: dir });
    expect((await cli(['migrate', '--to', '1'], fleet.env)).code).toBe(0);
    const t2 = fleet.tenantDatabase('t2');
    await sql(
      t2,
      `CREATE FUNCTION refuse_up() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN IF NEW.direction = 'up' AND NEW.version = 2 THEN RAISE EXCEPTION 'history write failed (injected)'; END IF; RETURN NEW; END $$;
       CREATE TRIGGER refuse_up BEFORE INSERT ON _migration_versions FOR EACH ROW EXECUTE FUNCTION refuse_up()`,
    );
    const result = await cli(['migrate'], fleet.env);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toMatch(/t2 \[P0001\]: history write failed \(injected\) \(tenant\/002_b\.sql\)/);
    expect(await tableExists(t2, 'b')).toBe(false);
    expect(await appliedVersions(t2)).toEqual([1]);
    expect(await appliedVersions(fleet.tenantDatabase('t1'))).toEqual([1, 2]);
    expect((await runLog(fleet)).databases.t2).toMatchObject({ status: 'failed', sqlstate: 'P0001', error_version: 2 });

    await sql(t2, 'DROP TRIGGER refuse_up ON _migration_versions');
    expect((await cli(['migrate'], fleet.env)).code).toBe(0);
    expect(await sql(t2, 'SELECT id FROM b')).toEqual([{ id: 1 }]);
  });

  it('a DOWN edited after apply: rollback warns and refuses unless --force-edited-down; the DOWN and its history row commit or fail together', async () => {
    const dir = writeMigrations({
      'tenant/001_a.sql': migration('CREATE TABLE a (id int);', 'DROP TABLE a;'),
      'tenant/002_b.sql': migration('CREATE TABLE b (id int);\nINSERT INTO b VALUES (1);', 'DROP TABLE b;'),
    });
    fleet = await createFleet({ tenants: ['t1', 't2'], migrationsDir: dir });
    expect((await cli(['migrate'], fleet.env)).code).toBe(0);
    writeFile(dir, 'tenant/002_b.sql', migration('CREATE TABLE b (id int);\nINSERT INTO b VALUES (1);', 'DROP TABLE IF EXISTS b;'));
    const before = await snapshot(fleet);

    const refused = await cli(['rollback'], fleet.env);
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stdout).toMatch(/t1: the DOWN section of tenant\/002_b\.sql changed since it was applied \(checksum [0-9a-f]{12} applied, [0-9a-f]{12} on disk\)/);
    expect(refused.stdout).toMatch(/fix: restore the DOWN as applied, or rerun with --force-edited-down to run the DOWN now on disk/);
    expect(await snapshot(fleet)).toBe(before);
    // Editing only the DOWN does not stop migrate or status: the UP that ran is unchanged.
    expect(parseJson(await cli(['status', '--json'], fleet.env)).databases.every((d: { state: string }) => d.state === 'up-to-date')).toBe(true);

    // Fault: writing the history row fails. The DOWN that ran before it in the same transaction is undone.
    const t2 = fleet.tenantDatabase('t2');
    await sql(
      t2,
      `CREATE FUNCTION refuse_down() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN IF NEW.direction = 'down' THEN RAISE EXCEPTION 'history write failed (injected)'; END IF; RETURN NEW; END $$;
       CREATE TRIGGER refuse_down BEFORE INSERT ON _migration_versions FOR EACH ROW EXECUTE FUNCTION refuse_down()`,
    );
    const forced = await cli(['rollback', '--force-edited-down'], fleet.env);
    expect(forced.code, forced.stderr).toBe(1);
    expect(forced.stdout).toMatch(/t1: note: tenant\/002_b\.sql: running the edited DOWN on disk, not the one kept at apply time/);
    expect(forced.stdout).toMatch(/t2 \[P0001\]: history write failed \(injected\) \(tenant\/002_b\.sql\)/);
    expect(await tableExists(fleet.tenantDatabase('t1'), 'b')).toBe(false);
    expect(await appliedVersions(fleet.tenantDatabase('t1'))).toEqual([1]);
    expect(await tableExists(t2, 'b')).toBe(true);
    expect(await sql(t2, 'SELECT id FROM b')).toEqual([{ id: 1 }]);
    expect((await history(t2)).map((h) => h.direction)).toEqual(['up', 'up']);
    expect((await runLog(fleet)).databases.t2).toMatchObject({ status: 'failed', sqlstate: 'P0001', error_version: 2 });

    // Fault: the DOWN itself fails halfway. What it did before failing is undone, and no row is written.
    await sql(t2, 'DROP TRIGGER refuse_down ON _migration_versions');
    writeFile(dir, 'tenant/002_b.sql', migration('CREATE TABLE b (id int);\nINSERT INTO b VALUES (1);', 'DROP TABLE b;\nSELECT 1 / 0;'));
    const failing = await cli(['rollback', '--force-edited-down', '--tenant', 't2'], fleet.env);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toMatch(/t2 \[22012\]: division by zero \(tenant\/002_b\.sql\)/);
    expect(await tableExists(t2, 'b')).toBe(true);
    expect((await history(t2)).map((h) => h.direction)).toEqual(['up', 'up']);

    // Restored as applied: no force needed.
    writeFile(dir, 'tenant/002_b.sql', migration('CREATE TABLE b (id int);\nINSERT INTO b VALUES (1);', 'DROP TABLE b;'));
    const ok = await cli(['rollback', '--tenant', 't2'], fleet.env);
    expect(ok.code, ok.stdout).toBe(0);
    expect(await appliedVersions(t2)).toEqual([1]);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
