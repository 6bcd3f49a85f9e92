import { describe, expect, it } from 'vitest';
import { planImport, type ExistingFile } from './plan-import';
import type { ConvertedMigration } from './types';

const migration = (fileName: string): ConvertedMigration => {
  const versionText = /^\d+/.exec(fileName)![0];
  return { version: Number(versionText), versionText, fileName, content: '…', sources: [`src/${fileName}`], notes: [] };
};
const existing = (...paths: string[]): ExistingFile[] =>
  paths.map((p) => ({ folder: p.split('/')[0] as ExistingFile['folder'], fileName: p.split('/')[1] }));
const messages = (r: ReturnType<typeof planImport>) => r.problems.map((p) => [p.file, p.message]);

describe('planImport', () => {
  it('writes into the scope folder when nothing clashes, including next to other streams', () => {
    const r = planImport([migration('001_a.sql'), migration('002_b.sql')], 'tenant', existing('host/001_x.sql', 'tenant/003_c.sql'));
    expect(messages(r)).toEqual([]);
    expect(r.writes.map((w) => w.path)).toEqual(['tenant/001_a.sql', 'tenant/002_b.sql']);
  });

  it('refuses a name that exists, and a version already used in the stream (both/ counts, zero padding does not)', () => {
    const r = planImport(
      [migration('001_a.sql'), migration('2_b.sql'), migration('003_c.sql')],
      'tenant',
      existing('tenant/001_a.sql', 'both/002_shared.sql', 'host/003_only_host.sql'),
    );
    expect(messages(r)).toEqual([
      ['tenant/001_a.sql', 'tenant/001_a.sql already exists (from src/001_a.sql)'],
      ['both/002_shared.sql', 'version 2 of the imported 2_b.sql (from src/2_b.sql) is already used by both/002_shared.sql in the tenant stream (tenant/ + both/)'],
    ]);
    expect(r.writes.map((w) => w.path)).toEqual(['tenant/003_c.sql']);
  });

  it('checks both streams when importing into both/', () => {
    const r = planImport([migration('20240131120000_a.sql')], 'both', existing('host/20240131120000_h.sql'));
    expect(messages(r)).toEqual([
      ['host/20240131120000_h.sql', 'version 20240131120000 of the imported 20240131120000_a.sql (from src/20240131120000_a.sql) is already used by host/20240131120000_h.sql in the host and tenant streams'],
    ]);
  });
});
