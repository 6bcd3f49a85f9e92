// A migration set of realistic size for the benchmark: tables, indexes, constraints, a function and
// trigger, and data backfills — 25 tenant migrations, all reversible.
import fs from 'node:fs';
import path from 'node:path';
import { migrationText } from './text';

export interface BenchMigration {
  version: number;
  name: string;
  up: string;
  down: string;
}

export function benchMigrations(count = 25): BenchMigration[] {
  const list: BenchMigration[] = [];
  const add = (name: string, up: string, down: string) => list.push({ version: list.length + 1, name, up, down });
  add(
    'create_accounts',
    `CREATE TABLE accounts (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL, balance numeric(14,2) NOT NULL DEFAULT 0, created_at timestamptz NOT NULL DEFAULT now());
INSERT INTO accounts (name) SELECT 'account ' || g FROM generate_series(1, 50) g;`,
    'DROP TABLE accounts;',
  );
  add(
    'create_transactions',
    `CREATE TABLE transactions (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, account_id bigint NOT NULL REFERENCES accounts (id), amount numeric(14,2) NOT NULL, booked_at timestamptz NOT NULL DEFAULT now(), note text);
INSERT INTO transactions (account_id, amount, booked_at) SELECT 1 + g % 50, (g % 400) - 200, now() - g * interval '1 hour' FROM generate_series(1, 2000) g;`,
    'DROP TABLE transactions;',
  );
  let i = 0;
  while (list.length < count) {
    i++;
    switch (i % 6) {
      case 1:
        add(`create_table_${i}`, `CREATE TABLE extra_${i} (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, account_id bigint REFERENCES accounts (id), label text NOT NULL DEFAULT '', created_at timestamptz NOT NULL DEFAULT now());`, `DROP TABLE extra_${i};`);
        break;
      case 2:
        add(`index_${i}`, `CREATE INDEX idx_tx_${i} ON transactions (account_id, booked_at);`, `DROP INDEX idx_tx_${i};`);
        break;
      case 3:
        add(`constraint_${i}`, `ALTER TABLE transactions ADD CONSTRAINT tx_amount_${i} CHECK (amount > -100000);`, `ALTER TABLE transactions DROP CONSTRAINT tx_amount_${i};`);
        break;
      case 4:
        add(
          `function_${i}`,
          `CREATE FUNCTION touch_${i}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.note := coalesce(NEW.note, 'auto');
  RETURN NEW;
END;
$$;
CREATE TRIGGER trg_touch_${i} BEFORE INSERT ON transactions FOR EACH ROW EXECUTE FUNCTION touch_${i}();`,
          `DROP TRIGGER trg_touch_${i} ON transactions;\nDROP FUNCTION touch_${i}();`,
        );
        break;
      case 5:
        add(`backfill_${i}`, `ALTER TABLE transactions ADD COLUMN flag_${i} text;\nUPDATE transactions SET flag_${i} = CASE WHEN amount < 0 THEN 'debit' ELSE 'credit' END;`, `ALTER TABLE transactions DROP COLUMN flag_${i};`);
        break;
      default:
        add(`column_${i}`, `ALTER TABLE accounts ADD COLUMN attr_${i} integer NOT NULL DEFAULT 0;`, `ALTER TABLE accounts DROP COLUMN attr_${i};`);
    }
  }
  return list;
}

/** Writes the set as a migrations folder (tenant/ only, plus one host migration). */
export function writeBenchMigrations(dir: string, migrations: BenchMigration[]): void {
  for (const folder of ['host', 'tenant', 'both']) fs.mkdirSync(path.join(dir, folder), { recursive: true });
  fs.writeFileSync(path.join(dir, 'host', '001_host_settings.sql'), migrationText(1, 'host', 'host_settings', 'CREATE TABLE host_settings (k text PRIMARY KEY, v text);', 'DROP TABLE host_settings;'));
  for (const m of migrations) {
    const file = `${String(m.version).padStart(3, '0')}_${m.name}.sql`;
    fs.writeFileSync(path.join(dir, 'tenant', file), migrationText(m.version, 'tenant', m.name, m.up, m.down));
  }
}
