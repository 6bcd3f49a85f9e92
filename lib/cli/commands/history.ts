import type { CommandContext } from '../run-command';
import { color, formatTable, out, printJson } from '../output';

export async function historyCommand(ctx: CommandContext, o: { host?: boolean; tenant?: string; json?: boolean }): Promise<number> {
  const { target, rows } = await ctx.engine().history(o.tenant ?? 'host');
  if (ctx.json) {
    printJson({ database: { id: target.id, kind: target.kind, name: target.name }, history: rows });
    return 0;
  }
  const title = target.kind === 'host' ? `host (${target.database})` : `tenant ${target.id} (${target.name})`;
  if (!rows.length) {
    out(`${title}: no migrations have been applied yet.`);
    return 0;
  }
  out(color.bold(`${title}: ${rows.length} history rows, newest first\n`));
  out(
    formatTable(rows, [
      { header: 'VERSION', value: (r) => String(r.version), align: 'right' },
      { header: 'NAME', value: (r) => r.name },
      { header: 'DIRECTION', value: (r) => (r.direction === 'up' ? color.green('up') : color.yellow('down')) },
      { header: 'APPLIED AT', value: (r) => r.appliedAt.toISOString().replace('T', ' ').slice(0, 19) },
      { header: 'BY', value: (r) => r.appliedBy ?? '' },
      { header: 'MS', value: (r) => (r.executionTimeMs === null ? '' : String(r.executionTimeMs)), align: 'right' },
      { header: 'CHECKSUM', value: (r) => color.dim(r.checksum?.slice(0, 12) ?? '') },
      // Baselines and repairs recorded rows without running SQL: say so where there are any.
      ...(rows.some((r) => r.kind) ? [{ header: 'KIND', value: (r: (typeof rows)[number]) => (r.kind ? `${r.kind}${r.reason ? `: ${r.reason}` : ''}` : '') }] : []),
    ]),
  );
  return 0;
}
