import { TableHead } from '@/app/ui/table';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getEngine } from '@/app/lib/server/engine';
import { emptyCounts } from '@/lib/engine';
import { duration, formatTime, ago } from '../../../lib/format';
import { describePlanRequest } from '@/lib/views/plan-types';
import { requireUser } from '../../../lib/session';
import { StatusBadge } from '../../../ui/badges';
import { Problem } from '../../../ui/problem';
import { Poller } from '../../../ui/runs/poller';
import { RunProgress } from '../../../ui/runs/progress';

export const metadata: Metadata = { title: 'Run' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PAGE = 200;
const STATUSES = ['failed', 'running', 'queued', 'applied', 'skipped'] as const;

export default async function RunPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  await requireUser();
  const { id } = await params;
  const sp = await searchParams;
  if (!UUID.test(id)) notFound();
  let found;
  try {
    found = await getEngine().getRun(id);
  } catch (error) {
    return <Problem error={error} />;
  }
  if (!found) notFound();
  const { run, databases } = found;
  const counts = emptyCounts();
  for (const d of databases) if (d.status in counts) counts[d.status as keyof typeof counts]++;
  const filter = STATUSES.find((s) => s === sp.status) ?? null;
  const rows = filter ? databases.filter((d) => d.status === filter) : databases;
  const page = Math.max(1, Number(sp.page) || 1);
  const shown = rows.slice((page - 1) * PAGE, page * PAGE);
  const done = counts.applied + counts.skipped + counts.failed;
  const action = describePlanRequest(run.request.request);

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-lg font-semibold">
          Run: {action} on {databases.length.toLocaleString('en-US')} database{databases.length === 1 ? '' : 's'}
        </h1>
        <span data-testid="run-status">
          <StatusBadge status={run.status} />
        </span>
        <Poller active={!run.finishedAt} />
        <Link prefetch={false} href="/runs" className="link ml-auto text-sm">
          All runs
        </Link>
      </div>
      <dl className="panel grid grid-cols-2 gap-x-6 gap-y-1 p-3 text-sm sm:grid-cols-4">
        <div>
          <dt className="text-xs text-slate-500">Requested by</dt>
          <dd>
            {run.requestedBy} <span className="text-xs text-slate-500">via {run.source}</span>
          </dd>
        </div>
        <div>
          <dt className="text-xs text-slate-500">Started (UTC)</dt>
          <dd>
            {formatTime(run.createdAt)} <span className="text-xs text-slate-500">{ago(run.createdAt)}</span>
          </dd>
        </div>
        <div>
          <dt className="text-xs text-slate-500">Finished</dt>
          <dd>{run.finishedAt ? `${formatTime(run.finishedAt)} (took ${duration(new Date(run.finishedAt).getTime() - new Date(run.createdAt).getTime())})` : 'still running'}</dd>
        </div>
        <div>
          <dt className="text-xs text-slate-500">Run id</dt>
          <dd className="mono">{run.id}</dd>
        </div>
        <div className="col-span-2 sm:col-span-4">
          <dt className="mb-1 text-xs text-slate-500">
            Progress: {done.toLocaleString('en-US')} of {databases.length.toLocaleString('en-US')} done
          </dt>
          <dd>
            <RunProgress counts={counts} wide />
          </dd>
        </div>
      </dl>

      <nav aria-label="Filter by status" className="flex flex-wrap gap-1 text-sm">
        <Link prefetch={false} href={`/runs/${id}`} className={`rounded px-2 py-0.5 ${!filter ? 'bg-slate-900 text-white' : 'hover:bg-slate-200'}`}>
          all {databases.length}
        </Link>
        {STATUSES.map((s) => (
          <Link prefetch={false} key={s} href={`/runs/${id}?status=${s}`} className={`rounded px-2 py-0.5 ${filter === s ? 'bg-slate-900 text-white' : 'hover:bg-slate-200'} ${counts[s] ? '' : 'opacity-50'}`}>
            {s === 'skipped' ? 'unchanged' : s} {counts[s]}
          </Link>
        ))}
      </nav>

      <div className="panel overflow-x-auto">
        <table className="w-full text-sm" data-testid="run-databases">
          <TableHead columns={['Database', 'Status', { label: 'Version', align: 'right' }, { label: 'Steps', align: 'right' }, { label: 'Took', align: 'right' }, 'Error / message']} />
          <tbody>
            {shown.map((d) => (
              <tr key={d.id} data-testid={`run-db-${d.databaseId}`} data-status={d.status}>
                <th scope="row" className="td text-left font-normal">
                  <Link prefetch={false} href={`/databases/${encodeURIComponent(d.databaseId)}`} className="link font-medium">
                    {d.kind === 'host' ? 'host' : d.databaseId}
                  </Link>{' '}
                  <span className="text-xs text-slate-500">{d.name}</span>
                </th>
                <td className="td">
                  <StatusBadge status={d.status} label={d.status === 'skipped' ? 'unchanged' : d.errorKind === 'refused' ? 'refused' : d.status} />
                </td>
                <td className="td text-right font-mono text-[12px]">{d.fromVersion === null ? '–' : d.fromVersion === d.toVersion ? d.fromVersion : `${d.fromVersion} → ${d.toVersion}`}</td>
                <td className="td text-right">{d.stepsApplied || ''}</td>
                <td className="td text-right text-xs whitespace-nowrap">{d.startedAt && d.finishedAt ? duration(new Date(d.finishedAt).getTime() - new Date(d.startedAt).getTime()) : ''}</td>
                <td className="td text-xs">
                  {d.error && (
                    <div className="whitespace-pre-wrap text-red-800">
                      {d.sqlstate && <span className="mono mr-1 rounded bg-red-100 px-1">{d.sqlstate}</span>}
                      {d.errorVersion !== null && <span className="mr-1 text-slate-600">at version {d.errorVersion}:</span>}
                      {d.error}
                    </div>
                  )}
                  {!d.error && d.message && <span className="text-slate-600">{d.message}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {rows.length > PAGE && (
        <nav aria-label="Pages" className="flex gap-2 text-sm">
          {page > 1 && (
            <Link prefetch={false} className="btn btn-sm" href={`/runs/${id}?${new URLSearchParams({ ...(filter ? { status: filter } : {}), page: String(page - 1) })}`}>
              ← Previous
            </Link>
          )}
          <span className="text-xs text-slate-500">
            page {page} of {Math.ceil(rows.length / PAGE)}
          </span>
          {page * PAGE < rows.length && (
            <Link prefetch={false} className="btn btn-sm" href={`/runs/${id}?${new URLSearchParams({ ...(filter ? { status: filter } : {}), page: String(page + 1) })}`}>
              Next →
            </Link>
          )}
        </nav>
      )}
    </div>
  );
}
