import { TableHead } from '@/app/ui/table';
import type { Metadata } from 'next';
import Link from 'next/link';
import { getEngine } from '@/app/lib/server/engine';
import { emptyCounts } from '@/lib/engine';
import { ago, duration, formatTime } from '../../lib/format';
import { describePlanRequest } from '@/lib/views/plan-types';
import { requireUser } from '../../lib/session';
import { StatusBadge } from '../../ui/badges';
import { Problem } from '../../ui/problem';
import { Poller } from '../../ui/runs/poller';
import { RunProgress } from '../../ui/runs/progress';

export const metadata: Metadata = { title: 'Runs' };

export default async function RunsPage() {
  await requireUser();
  let runs, counts;
  try {
    runs = await getEngine().listRuns(100);
    counts = await getEngine().runCounts(runs.map((r) => r.id));
  } catch (error) {
    return <Problem error={error} />;
  }
  const anyOpen = runs.some((r) => !r.finishedAt);
  return (
    <div className="space-y-3">
      <div className="flex items-center justify-between">
        <h1 className="text-lg font-semibold">Runs</h1>
        <Poller active={anyOpen} intervalMs={3000} />
      </div>
      <p className="text-xs text-slate-500">The 100 most recent runs, from the dashboard and the CLI. Times are UTC.</p>
      <div className="panel overflow-x-auto">
        <table className="w-full text-sm" data-testid="runs-table">
          <TableHead columns={['Started', 'Action', 'By', { label: 'Databases', align: 'right' }, 'Progress', 'Outcome', { label: 'Took', align: 'right' }]} />
          <tbody>
            {runs.map((r) => {
              const c = counts.get(r.id) ?? emptyCounts();
              return (
                <tr key={r.id} className="hover:bg-blue-50/40">
                  <td className="td whitespace-nowrap">
                    <Link prefetch={false} href={`/runs/${r.id}`} className="link">
                      {formatTime(r.createdAt)}
                    </Link>
                    <div className="text-[11px] text-slate-500">{ago(r.createdAt)}</div>
                  </td>
                  <td className="td">
                    <Link prefetch={false} href={`/runs/${r.id}`} className="font-medium hover:underline">
                      {describePlanRequest(r.request.request)}
                    </Link>
                  </td>
                  <td className="td">
                    {r.requestedBy} <span className="text-xs text-slate-500">via {r.source}</span>
                  </td>
                  <td className="td text-right">{r.databaseCount.toLocaleString('en-US')}</td>
                  <td className="td">
                    <RunProgress counts={c} />
                  </td>
                  <td className="td">
                    <StatusBadge status={r.status} />
                    {c.failed > 0 && <span className="ml-1 text-xs text-red-700">{c.failed} failed</span>}
                  </td>
                  <td className="td text-right whitespace-nowrap">{r.finishedAt ? duration(new Date(r.finishedAt).getTime() - new Date(r.createdAt).getTime()) : '…'}</td>
                </tr>
              );
            })}
            {runs.length === 0 && (
              <tr>
                <td colSpan={7} className="td py-6 text-center text-slate-500">
                  No runs yet.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}
