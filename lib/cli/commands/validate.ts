import { statusError } from '../../engine';
import type { CommandContext } from '../run-command';
import { color, formatProblems, out, plural, printJson } from '../output';

export async function validateCommand(ctx: CommandContext, o: { json?: boolean; concurrency: number; filesOnly?: boolean }): Promise<number> {
  const engine = ctx.engine();
  const { set, problems } = await engine.readMigrations();
  const fileCount = new Set([...set.host, ...set.tenant].map((m) => m.file)).size;
  if (problems.length || o.filesOnly) {
    if (ctx.json) printJson({ files: fileCount, problems, databases: [] });
    else if (problems.length) out(`${formatProblems(problems)}\n\n${color.red(`${plural(problems.length, 'problem')} in the migration files.`)}`);
    else out(color.green(`${plural(fileCount, 'migration file')} parse; versions are unique in each stream.`));
    return problems.length ? 2 : 0;
  }

  const report = await engine.status(undefined, o.concurrency);
  const mismatched = report.databases.filter((d) => d.refusals.length);
  const unreachable = report.databases.filter((d) => d.state === 'unreachable');
  if (ctx.json) {
    printJson({
      files: fileCount,
      problems,
      databases: report.databases.map((d) => ({ id: d.id, kind: d.kind, name: d.name, refusals: d.refusals, error: d.state === 'unreachable' ? statusError(d) : null })),
    });
  } else {
    out(color.green(`✓ ${plural(fileCount, 'migration file')} parse; versions are unique in each stream.`));
    for (const d of mismatched) {
      out(`${color.red('✗')} ${color.bold(d.kind === 'host' ? 'host' : `tenant ${d.id}`)}:`);
      for (const r of d.refusals) out(`    ${r.message}\n    ${color.dim('fix:')} ${r.hint}`);
    }
    for (const d of unreachable) out(`${color.yellow('?')} ${d.kind === 'host' ? 'host' : `tenant ${d.id}`}: not checked, ${statusError(d)}`);
    const checked = report.databases.length - unreachable.length;
    out(
      mismatched.length
        ? color.red(`${plural(mismatched.length, 'database')} of ${checked} checked disagree with the files.`)
        : color.green(`✓ applied migrations match their files in all ${plural(checked, 'database')} checked.`),
    );
  }
  if (mismatched.length) return 2;
  return unreachable.length ? 1 : 0;
}
