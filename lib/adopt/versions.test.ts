import { describe, expect, it } from 'vitest';
import { flywayVersion, nodePgMigrateVersion, versionFromDigits } from './versions';

const value = (r: ReturnType<typeof versionFromDigits>) => (r.ok ? [r.version, r.text] : r.message);

describe('versions of other tools', () => {
  it('takes digits from 1 to 2^53 - 1, keeping the digits as written', () => {
    expect(value(versionFromDigits('000001'))).toEqual([1, '000001']);
    expect(value(versionFromDigits('20240131120000'))).toEqual([20240131120000, '20240131120000']);
    expect(value(versionFromDigits('9007199254740991'))).toEqual([Number.MAX_SAFE_INTEGER, '9007199254740991']);
    expect(value(versionFromDigits('9007199254740992'))).toBe('version 9007199254740992 is above 9007199254740991, the largest FastMigrate version');
    expect(value(versionFromDigits('000'))).toBe('version 000 is 0, and FastMigrate versions start at 1 (0 means "nothing applied")');
    expect(value(versionFromDigits('-1'))).toBe('version "-1" is not a whole number');
  });

  it('maps Flyway versions that are whole numbers, and refuses dotted ones', () => {
    expect(value(flywayVersion('1'))).toEqual([1, '1']);
    expect(value(flywayVersion('001'))).toEqual([1, '001']);
    expect(value(flywayVersion('2.0'))).toEqual([2, '2']);
    expect(value(flywayVersion('2_0_0'))).toEqual([2, '2']);
    expect(value(flywayVersion('20240131120000'))).toEqual([20240131120000, '20240131120000']);
    expect(value(flywayVersion('1.1'))).toBe('Flyway version 1.1 has several parts, and FastMigrate versions are single whole numbers');
    expect(value(flywayVersion('2024.01.31'))).toBe('Flyway version 2024.01.31 has several parts, and FastMigrate versions are single whole numbers');
    expect(value(flywayVersion('1a'))).toBe('Flyway version "1a" is not a version');
  });

  it("reads node-pg-migrate's numeric prefix as node-pg-migrate does, 17-digit UTC prefixes as milliseconds", () => {
    expect(value(nodePgMigrateVersion('1706702400000_create-users'))).toEqual([1706702400000, '1706702400000']);
    expect(value(nodePgMigrateVersion('0001_init'))).toEqual([1, '0001']);
    expect(value(nodePgMigrateVersion('20240131120000123_x'))).toEqual([1706702400123, '1706702400123']);
    // node-pg-migrate's own arithmetic: 30 February is 1 March.
    expect(value(nodePgMigrateVersion('20240230000000000_x'))).toEqual([Date.UTC(2024, 2, 1), String(Date.UTC(2024, 2, 1))]);
    expect(value(nodePgMigrateVersion('20241301000000000_x'))).toBe('the 17-digit prefix 20241301000000000 of "20241301000000000_x" is not a UTC date-time (yyyymmddhhmmssSSS)');
    expect(value(nodePgMigrateVersion('create-users'))).toBe('"create-users" does not start with a number, which node-pg-migrate needs to order it');
  });
});
