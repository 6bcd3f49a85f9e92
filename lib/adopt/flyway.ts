// Pure: Flyway's SQL migrations (`V<version>__<description>.sql`, undo `U<version>__….sql`, script
// settings in `<file>.sql.conf`) → our migration files, with Flyway's default prefixes. Flyway scans
// its locations recursively, so files in sub-folders count.
import type { FileProblem } from '../migrations/types';
import { composeMigration } from './compose';
import { baseName, duplicateVersions, lineAt, sourceText } from './source-text';
import type { ConversionResult, Converter, ConvertedMigration, IgnoredFile, SourceFile } from './types';
import { flywayVersion } from './versions';

const VERSIONED = /^([VU])(.+?)__(.+)\.sql$/;
const REPEATABLE = /^R__.+\.sql$/;
const BASELINE = /^B.+?__.+\.sql$/;
const CALLBACK = /^(?:before|after)[A-Z][A-Za-z]*(?:__.*)?\.sql$|^createSchema(?:__.*)?\.sql$/;
const CODE = /\.(?:java|kt|scala|groovy|class)$/;
const PLACEHOLDER = /\$\{[^}\n]*\}/g;
const CONFIG_KEYS = ['executeInTransaction', 'placeholderReplacement', 'encoding'];

interface Script {
  file: SourceFile;
  kind: 'V' | 'U';
  versionText: string;
  version: number;
  description: string;
}

interface ScriptSettings {
  executeInTransaction: boolean;
  placeholderReplacement: boolean;
}

export const convertFlyway: Converter = (files, { scope }): ConversionResult => {
  const problems: FileProblem[] = [];
  const ignored: IgnoredFile[] = [];
  const scripts: Script[] = [];
  const configs = new Map(files.filter((f) => f.path.endsWith('.sql.conf')).map((f) => [f.path.slice(0, -'.conf'.length), f]));
  const refuse = (file: string, message: string, hint: string) => problems.push({ file, line: null, message, hint });

  for (const file of files) {
    const name = baseName(file.path);
    if (name.endsWith('.sql.conf')) {
      if (!files.some((f) => f.path === file.path.slice(0, -'.conf'.length))) ignored.push({ file: file.path, reason: 'settings of a script that is not there' });
      continue;
    }
    if (CODE.test(name)) {
      refuse(file.path, 'a Java-based Flyway migration is code, which FastMigrate cannot run', 'Rewrite it as an SQL migration (V…__….sql) before importing.');
    } else if (REPEATABLE.test(name)) {
      refuse(
        file.path,
        'Flyway re-runs a repeatable migration whenever it changes; FastMigrate runs each migration once, in version order',
        'Leave it out of the folder you import, and from now on put each change of it in a new versioned migration (e.g. CREATE OR REPLACE VIEW … with its current body).',
      );
    } else if (BASELINE.test(name)) {
      refuse(
        file.path,
        'a Flyway baseline migration stands in for all the versions up to its own on a new database; FastMigrate has no such migrations',
        'Leave it out of the folder you import: the versioned migrations it stands for are imported as they are.',
      );
    } else if (CALLBACK.test(name)) {
      refuse(file.path, 'a Flyway callback runs around Flyway commands; FastMigrate has no callbacks', 'Leave it out of the folder you import, and run what it does some other way.');
    } else {
      const match = VERSIONED.exec(name);
      if (!match) {
        ignored.push({ file: file.path, reason: 'not a Flyway SQL migration (V<version>__<description>.sql)' });
        continue;
      }
      const version = flywayVersion(match[2]);
      if (!version.ok) {
        refuse(file.path, version.message, version.hint);
        continue;
      }
      scripts.push({ file, kind: match[1] as 'V' | 'U', versionText: version.text, version: version.version, description: match[3] });
    }
  }

  const versioned = scripts.filter((s) => s.kind === 'V').sort((a, b) => a.version - b.version);
  const undos = scripts.filter((s) => s.kind === 'U');
  for (const kind of [versioned, undos]) problems.push(...duplicateVersions(kind.map((s) => ({ version: s.version, file: s.file.path })), 'Flyway'));
  for (const undo of undos) {
    if (!versioned.some((v) => v.version === undo.version)) {
      refuse(undo.file.path, `there is an undo migration for version ${undo.versionText} but no versioned migration`, `Add V${undo.versionText}__….sql, or leave this file out of the folder you import.`);
    }
  }

  const migrations: ConvertedMigration[] = [];
  for (const v of versioned) {
    const undo = undos.find((u) => u.version === v.version);
    const read = (script: Script) => {
      const settings = readSettings(configs.get(script.file.path), problems);
      const text = sourceText(script.file, problems);
      if (text === null || settings === null) return null;
      // The SQL with its placeholders is not what Flyway ran: do not parse it.
      if (settings.placeholderReplacement && hasPlaceholders(text, script.file.path, problems)) return null;
      return {
        sql: text,
        file: script.file.path,
        line: 1,
        noTransactionRequest: settings.executeInTransaction
          ? undefined
          : { option: 'executeInTransaction=false', withSeveral: 'ran them one by one, each committed on its own' },
      };
    };
    const up = read(v);
    const down = undo ? read(undo) : null;
    if (!up || (undo && !down)) continue;
    const result = composeMigration({
      tool: 'flyway',
      scope,
      version: v.version,
      versionText: v.versionText,
      title: v.description,
      sources: [v.file.path, ...(undo ? [undo.file.path] : [])],
      up,
      down,
      noDownBecause: 'no undo migration (U…), so Flyway cannot undo it either',
    });
    if (result.ok) migrations.push(result.migration);
    else problems.push(...result.problems);
  }
  return { migrations, problems, ignored };
};

/** A script's `.sql.conf` (Flyway's script configuration), or the defaults. */
function readSettings(config: SourceFile | undefined, problems: FileProblem[]): ScriptSettings | null {
  const settings: ScriptSettings = { executeInTransaction: true, placeholderReplacement: true };
  if (!config) return settings;
  const text = sourceText(config, problems);
  if (text === null) return null;
  let ok = true;
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const [key, ...rest] = line.split('=');
    const value = rest.join('=').trim();
    const name = key.trim();
    if (name === 'executeInTransaction' || name === 'placeholderReplacement') settings[name] = value.toLowerCase() !== 'false';
    else if (name === 'encoding' && /^utf-?8$/i.test(value)) return;
    else {
      ok = false;
      problems.push({
        file: config.path,
        line: index + 1,
        message: `Flyway script setting "${line}" has no FastMigrate equivalent`,
        hint: `FastMigrate reads migrations as UTF-8 and knows of the script settings only ${CONFIG_KEYS.join(', ')}: remove it (converting the file to UTF-8 first, for encoding) before importing.`,
      });
    }
  });
  return ok ? settings : null;
}

function hasPlaceholders(text: string, file: string, problems: FileProblem[]): boolean {
  const found = [...text.matchAll(PLACEHOLDER)];
  for (const match of found) {
    problems.push({
      file,
      line: lineAt(text, match.index),
      message: `Flyway replaces the placeholder ${match[0]} when it runs the script; FastMigrate runs SQL as written`,
      hint: 'Write its value in its place (or turn replacement off for this script with placeholderReplacement=false in its .sql.conf, if the text is meant literally) before importing.',
    });
  }
  return found.length > 0;
}
