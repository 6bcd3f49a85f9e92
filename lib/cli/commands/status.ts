import { statusError, unreachableReason, type DatabaseState, type DatabaseStatus } from '../../engine';
import type { CommandContext } from '../run-command';
import { color, formatTable, out, plural, printJson } from '../output';
import { selectionFrom, type SelectionOptions } from '../selection';

interface StatusOptions extends SelectionOptions {
  json?: boolean;
  concurrency: number;
}

const STATE_COLOR: Record<DatabaseState, (s: string) => string> = {
  'up-to-date': color.green,
  behind: color.yellow,
  failed: color.red,
  unreachable: color.red,
  'checksum-mismatch': color.magenta,
};

export async function statusCommand(ctx: CommandContext, o: StatusOptions): Promise<number> {
  const report = await ctx.engine().status(selectionFrom(o), o.concurrency);
  if (ctx.json) {
    printJson({
      databases: report.databases.map((d) => ({
        id: d.id,
        kind: d.kind,
        name: d.name,
        current: d.current,
        applied: d.applied,
        pending: d.pending,
        state: d.state,
        labels: d.labels,
        error: statusError(d),
        reason: unreachableReason(d),
        problem: d.problem,
        refusals: d.refusals.map((r) => ({ code: r.code, version: r.version, message: r.message, fix: r.hint })),
      })),
      latest: report.latest,
    });
    return 0;
  }
  out(
    formatTable(report.databases, [
      { header: 'DATABASE', value: (d) => (d.kind === 'host' ? color.bold(`host (${d.database})`) : d.id) },
      { header: 'NAME', value: (d) => (d.kind === 'host' ? '' : d.name) },
      { header: 'CURRENT', value: (d) => (d.current === null ? '–' : String(d.current)), align: 'right' },
      { header: 'LATEST', value: (d) => String(d.latest), align: 'right' },
      { header: 'PENDING', value: (d) => (d.current === null ? '–' : String(d.pending.length)), align: 'right' },
      { header: 'STATE', value: (d) => STATE_COLOR[d.state](label(d)) },
    ]),
  );
  const problems = report.databases.filter((d) => d.problem);
  if (problems.length) {
    out('');
    for (const d of problems) {
      const who = STATE_COLOR[d.state](d.kind === 'host' ? 'host' : d.id);
      // A refused database: say what is wrong and how to fix it, one refusal at a time.
      if (d.refusals.length) for (const r of d.refusals) out(`${who}: ${indent(r.message)}\n    ${color.dim('fix:')} ${indent(r.hint)}`);
      else out(`${who}: ${indent(statusError(d)!)}`);
    }
  }
  out('\n' + summaryLine(report.databases));
  return 0;
}

function label(d: DatabaseStatus): string {
  if (unreachableReason(d) === 'auth-failed') return 'unreachable (login failed)';
  if (unreachableReason(d) === 'invalid') return 'unreachable (invalid tenant row)';
  return d.state;
}

export function summaryLine(databases: readonly DatabaseStatus[]): string {
  const counts = new Map<DatabaseState, number>();
  for (const d of databases) counts.set(d.state, (counts.get(d.state) ?? 0) + 1);
  const parts = [...counts].map(([state, n]) => STATE_COLOR[state](`${n} ${state}`));
  const pending = databases.reduce((sum, d) => sum + d.pending.length, 0);
  return `${plural(databases.length, 'database')}: ${parts.join(', ')}${pending ? ` — ${plural(pending, 'migration')} pending (run \`fastmigrate migrate\`)` : ''}`;
}

const indent = (text: string) => text.replace(/\n/g, '\n    ');
