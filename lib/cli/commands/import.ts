// `fastmigrate import TOOL SOURCE_DIR`: another tool's migrations → our files (lib/adopt does the work).
import path from 'node:path';
import { importMigrations, isTool, loadEnvFiles, TOOLS, UsageError, type ImportReport, type Scope } from '../../engine';
import type { CommandContext } from '../run-command';
import { color, err, formatProblems, formatTable, out, plural, printJson } from '../output';

interface ImportOptions {
  scope: Scope;
  dryRun?: boolean;
  json?: boolean;
}

export async function importCommand(ctx: CommandContext, o: ImportOptions, tool: string, sourceDir: string): Promise<number> {
  if (!isTool(tool)) {
    throw new UsageError(`unknown tool ${JSON.stringify(tool)}`, `import reads the migrations of ${TOOLS.join(', ')}, e.g. \`fastmigrate import dbmate db/migrations\``);
  }
  // Like `new`, import works before any database is configured.
  loadEnvFiles(process.cwd());
  const migrationsDir = path.resolve(process.env.MIGRATIONS_DIR || 'migrations');
  const report = await importMigrations({ tool, sourceDir, migrationsDir, scope: o.scope, dryRun: Boolean(o.dryRun) });
  if (ctx.json) printJson(toJson(report));
  else printReport(report);
  return report.problems.length ? 2 : 0;
}

/** A path as people read it: relative when it is below the current folder, else as it is. */
function shown(file: string): string {
  if (!path.isAbsolute(file)) return file;
  const relative = path.relative(process.cwd(), file);
  return relative === '' ? '.' : relative.startsWith('..') ? file : relative;
}

function toJson(r: ImportReport) {
  return {
    tool: r.tool,
    source: r.sourceDir,
    target: shown(path.join(r.migrationsDir, r.scope)),
    scope: r.scope,
    dryRun: r.dryRun,
    written: r.written,
    migrations: r.writes.map((w) => ({
      file: w.path,
      version: w.migration.version,
      sources: w.migration.sources,
      notes: w.migration.notes,
      ...(r.dryRun ? { content: w.migration.content } : {}),
    })),
    ignored: r.ignored.map((i) => ({ file: shown(i.file), reason: i.reason })),
    problems: r.problems.map((p) => ({ ...p, file: shown(p.file) })),
  };
}

function printReport(r: ImportReport): void {
  const target = shown(path.join(r.migrationsDir, r.scope));
  const print = r.problems.length ? err : out;
  // On a refusal only the problems count: a list of files would read as if they had been written.
  if (r.writes.length && !r.problems.length) {
    out(`${color.bold(r.tool)} migrations in ${r.sourceDir} → ${target}/\n`);
    const rows = r.writes.map((w) => ({ from: w.migration.sources.map((s) => path.basename(s)).join(' + '), to: w.path, notes: w.migration.notes }));
    const table = formatTable(rows, [
      { header: r.tool, value: (row) => row.from },
      { header: 'FastMigrate', value: (row) => row.to },
    ]).split('\n');
    out(table[0]);
    rows.forEach((row, i) => {
      out(table[i + 1]);
      for (const note of row.notes) out(color.dim(`    ${note}`));
    });
  }
  for (const i of r.ignored) print(color.dim(`ignored ${shown(i.file)}: ${i.reason}`));

  if (r.problems.length) {
    err(`\n${formatProblems(r.problems.map((p) => ({ ...p, file: shown(p.file) })))}`);
    err(color.red(`\nimport refused: ${plural(r.problems.length, 'problem')}; nothing was written.`));
    return;
  }
  if (r.dryRun) {
    for (const w of r.writes) out(`\n${color.bold(`=== ${shown(path.join(r.migrationsDir, w.path))}`)}\n${w.migration.content.trimEnd()}`);
    out(color.yellow(`\ndry run: would write ${plural(r.writes.length, 'file')} to ${target}/; nothing was written.`));
    return;
  }
  out(color.green(`\n✓ wrote ${plural(r.writes.length, 'migration file')} to ${target}/.`));
  out(
    `Next: \`fastmigrate validate --files-only\`. Databases ${r.tool} already migrated have these migrations applied: record that with ` +
      `\`fastmigrate baseline --from-history ${r.tool}\` before any \`migrate\` there, or migrate would run them all again.`,
  );
}
