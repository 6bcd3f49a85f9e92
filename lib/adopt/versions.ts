// Pure: the version numbers other tools write (file names, history rows) → our versions. The
// importers and the history readers share these, so a file and its history row always agree.
import { MAX_VERSION } from '../migrations/parse';

export type VersionResult =
  | { ok: true; version: number; /** Digits for our file name (zero padding as the tool wrote it). */ text: string; note?: string }
  | { ok: false; message: string; hint: string };

/** A run of digits as a version from 1 to MAX_VERSION. */
export function versionFromDigits(digits: string): VersionResult {
  if (!/^\d+$/.test(digits)) {
    return { ok: false, message: `version "${digits}" is not a whole number`, hint: 'FastMigrate versions are whole numbers, e.g. 3 or 20240131120000.' };
  }
  const value = BigInt(digits);
  if (value === 0n) {
    return {
      ok: false,
      message: `version ${digits} is 0, and FastMigrate versions start at 1 (0 means "nothing applied")`,
      hint: 'Renumber it to 1 or more, keeping the order of the set, before importing.',
    };
  }
  if (value > BigInt(MAX_VERSION)) {
    return {
      ok: false,
      message: `version ${digits} is above ${MAX_VERSION}, the largest FastMigrate version`,
      hint:
        'Versions are JavaScript numbers, which hold whole numbers exactly only up to 2^53 - 1; renumber the set below that ' +
        '(a 14-digit timestamp such as 20240131120000 fits) before importing.',
    };
  }
  return { ok: true, version: Number(value), text: digits };
}

/**
 * Flyway versions are dot- (or underscore-) separated parts compared numerically, and trailing zero
 * parts do not count (1.0 = 1). A whole number (`1`, `001`, `1.0`) maps to itself. Any other
 * dotted version (`1.1`) is refused: no mapping of such versions to whole numbers that depends on
 * the version alone keeps Flyway's order without renumbering the plain versions too (1.1 must sit
 * between 1 and 2), and a renumbering is a decision for a person, made once, in both the files and
 * the databases' history.
 */
export function flywayVersion(text: string): VersionResult {
  const whole = /^(\d+)(?:[._]0+)*$/.exec(text);
  if (whole) return versionFromDigits(whole[1]);
  if (/^\d+(?:[._]\d+)+$/.test(text)) {
    return {
      ok: false,
      message: `Flyway version ${text.replace(/_/g, '.')} has several parts, and FastMigrate versions are single whole numbers`,
      hint:
        'No mapping of dotted versions keeps both their order and the plain versions as they are. Give the Flyway migrations whole-number ' +
        'versions that keep their order (e.g. V1, V2, V3 for V1, V1.1, V2) before importing; databases Flyway migrated under the dotted ' +
        'versions are then baselined with `fastmigrate baseline --to N`.',
    };
  }
  return { ok: false, message: `Flyway version "${text}" is not a version`, hint: 'A Flyway version is digits separated by "." or "_", e.g. V3__add_users.sql.' };
}

/**
 * node-pg-migrate's version of a migration is the number its name starts with; a 17-digit prefix
 * (its `utc` file name format, yyyymmddhhmmssSSS) stands for that UTC instant in milliseconds, which
 * is how node-pg-migrate itself orders it among `timestamp` (milliseconds) names. We do the same:
 * 17 digits do not fit below MAX_VERSION anyway.
 */
export function nodePgMigrateVersion(name: string): VersionResult {
  const digits = /^\d+/.exec(name)?.[0];
  if (!digits) {
    return {
      ok: false,
      message: `"${name}" does not start with a number, which node-pg-migrate needs to order it`,
      hint: 'Rename it to start with its timestamp, e.g. 1706702400000_create-users.sql, as `node-pg-migrate create` names files.',
    };
  }
  if (digits.length !== 17) return versionFromDigits(digits);
  const [y, mo, d, h, mi, s, ms] = [0, 4, 6, 8, 10, 12, 14].map((start, i, all) => digits.slice(start, all[i + 1] ?? 17));
  // Exactly as node-pg-migrate computes it (new Date(…).valueOf()), so both agree on odd dates too.
  const instant = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}Z`).valueOf();
  if (Number.isNaN(instant)) {
    return {
      ok: false,
      message: `the 17-digit prefix ${digits} of "${name}" is not a UTC date-time (yyyymmddhhmmssSSS)`,
      hint: 'node-pg-migrate reads 17-digit prefixes as UTC date-times: rename it with a valid one.',
    };
  }
  const text = String(instant);
  return { ok: true, version: instant, text, note: `its 17-digit UTC prefix ${digits} becomes version ${text}, the milliseconds node-pg-migrate orders it by` };
}
