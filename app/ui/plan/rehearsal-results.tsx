import { TableHead } from '@/app/ui/table';
import Link from 'next/link';
import type { RehearsalData, RehearsalDatabase } from '@/lib/views/plan-types';
import { duration } from '../../lib/format';
import { DiffView } from './diff-view';

const OUTCOME: Record<RehearsalDatabase['outcome'], { label: string; cls: string }> = {
  succeeded: { label: 'would succeed', cls: 'bg-emerald-50 text-emerald-800 ring-emerald-300' },
  failed: { label: 'would fail', cls: 'bg-red-50 text-red-800 ring-red-300' },
  partial: { label: 'partly rehearsed', cls: 'bg-amber-50 text-amber-900 ring-amber-300' },
  'nothing-to-do': { label: 'nothing to do', cls: 'bg-slate-50 text-slate-600 ring-slate-200' },
  refused: { label: 'refused', cls: 'bg-purple-50 text-purple-800 ring-purple-300' },
  'not-rehearsable': { label: 'cannot be rehearsed', cls: 'bg-amber-50 text-amber-900 ring-amber-300' },
  locked: { label: 'locked', cls: 'bg-slate-100 text-slate-700 ring-slate-300' },
  unreachable: { label: 'unreachable', cls: 'bg-slate-100 text-slate-700 ring-slate-300' },
};

const STEP_MARK = { succeeded: '✓', failed: '✕', 'not-rehearsable': '⚠', 'not-run': '·' } as const;

export function RehearsalResults({ data }: { data: RehearsalData }) {
  const counts = new Map<string, number>();
  for (const d of data.databases) counts.set(d.outcome, (counts.get(d.outcome) ?? 0) + 1);
  // Databases whose rehearsal changed the schema the same way share one schema difference.
  const diffs = new Map<string, { diff: NonNullable<RehearsalDatabase['diff']>; ids: string[] }>();
  for (const d of data.databases) {
    if (!d.diff) continue;
    const key = JSON.stringify(d.diff);
    const entry = diffs.get(key) ?? { diff: d.diff, ids: [] };
    entry.ids.push(d.kind === 'host' ? 'host' : d.id);
    diffs.set(key, entry);
  }
  return (
    <section className="panel" aria-labelledby="rehearsal-heading" data-testid="rehearsal-results">
      <div className="border-b border-slate-200 px-3 py-2">
        <h2 id="rehearsal-heading" className="text-sm font-semibold">
          Rehearsal on {data.databases.length} database{data.databases.length === 1 ? '' : 's'}
        </h2>
        <p className="mt-0.5 text-sm">
          {[...counts].map(([outcome, n]) => (
            <span key={outcome} className="mr-4">
              <b>{n}</b> {OUTCOME[outcome as RehearsalDatabase['outcome']].label}
            </span>
          ))}
        </p>
        <p className="mt-1 text-xs text-slate-500">
          Each database ran the plan for real inside one transaction that was then rolled back: nothing was kept. Table locks were held while it ran (lock_timeout{' '}
          {duration(data.settings.lockTimeoutMs)}, statement_timeout {duration(data.settings.statementTimeoutMs)}). Steps marked no-transaction cannot run inside a transaction and are not rehearsed.
        </p>
      </div>
      <div className="overflow-x-auto">
        <table className="w-full text-sm">
          <TableHead columns={['Database', 'Outcome', 'Steps', 'Error / notes']} />
          <tbody>
            {data.databases.map((d) => (
              <tr key={d.id} data-testid={`rehearsal-${d.id}`} data-outcome={d.outcome}>
                <th scope="row" className="td text-left font-normal">
                  <Link prefetch={false} href={`/databases/${encodeURIComponent(d.id)}`} className="link font-medium">
                    {d.kind === 'host' ? 'host' : d.id}
                  </Link>
                </th>
                <td className="td">
                  <span className={`inline-block rounded px-1.5 py-px text-xs font-medium ring-1 ring-inset ${OUTCOME[d.outcome].cls}`}>{OUTCOME[d.outcome].label}</span>
                  <div className="text-[11px] text-slate-500">{duration(d.durationMs)}</div>
                </td>
                <td className="td font-mono text-[11px]">
                  {d.steps.map((s) => (
                    <div key={`${s.direction}${s.version}`} title={s.note ?? undefined} className={s.status === 'failed' ? 'text-red-700' : s.status === 'not-rehearsable' ? 'text-amber-800' : s.status === 'not-run' ? 'text-slate-400' : ''}>
                      {STEP_MARK[s.status]} {s.name} {s.ms !== null ? `(${duration(s.ms)})` : s.status === 'not-rehearsable' ? '— no-transaction, cannot be rehearsed' : s.status === 'not-run' ? '— not rehearsed' : ''}
                    </div>
                  ))}
                </td>
                <td className="td text-xs">
                  {d.error && (
                    <div className="whitespace-pre-wrap text-red-800">
                      {d.error.sqlstate && <span className="mono mr-1 rounded bg-red-100 px-1">{d.error.sqlstate}</span>}
                      {d.error.message}
                      {d.error.file && (
                        <span className="text-slate-600">
                          {' '}
                          ({d.error.file}
                          {d.error.line ? `:${d.error.line}` : ''})
                        </span>
                      )}
                    </div>
                  )}
                  {d.notes.map((n) => (
                    <div key={n} className="text-slate-700">
                      {n}
                    </div>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {diffs.size > 0 && (
        <div className="space-y-3 border-t border-slate-200 px-3 py-3">
          <h3 className="text-sm font-semibold">Schema difference (from the catalog, inside the rolled-back transaction)</h3>
          {[...diffs.values()].map(({ diff, ids }) => (
            <div key={ids.join(',')}>
              <p className="mb-1 text-xs text-slate-600">
                <b>{ids.length === 1 ? ids[0] : `${ids.length} databases`}</b>
                {ids.length > 1 ? `: ${ids.slice(0, 20).join(', ')}${ids.length > 20 ? ' …' : ''}` : ''}
              </p>
              <DiffView diff={diff} />
            </div>
          ))}
        </div>
      )}
    </section>
  );
}
