import { TableHead } from '@/app/ui/table';
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { hasRole } from '@/lib/auth/roles';
import { getEngine } from '@/app/lib/server/engine';
import { problemOf, statusError, UsageError, type DatabaseStatus, type HistoryRow } from '@/lib/engine';
import { ago, duration, formatTime } from '../../../lib/format';
import { highlightSql } from '@/lib/views/highlight';
import { requireUser } from '../../../lib/session';
import { StateBadge } from '../../../ui/badges';
import { DatabaseActions } from '../../../ui/database-actions';
import { RepairForm } from '../../../ui/repair-form';
import { SqlBlock } from '../../../ui/plan/sql-block';
import { Problem, ProblemText } from '../../../ui/problem';

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { id } = await params;
  return { title: decodeURIComponent(id) === 'host' ? 'Host database' : `Tenant ${decodeURIComponent(id)}` };
}

export default async function DatabasePage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const id = decodeURIComponent((await params).id);
  const engine = getEngine();
  const isHost = id === 'host';

  let status: DatabaseStatus | undefined;
  let stream;
  try {
    const report = await engine.status({ host: isHost, tenants: isHost ? [] : [id] });
    status = report.databases.find((d) => d.id === id);
    const set = await engine.migrations();
    stream = isHost ? set.host : set.tenant;
  } catch (error) {
    if (error instanceof UsageError) notFound();
    return <Problem error={error} />;
  }
  if (!status) notFound();

  let history: HistoryRow[] | null = null;
  let historyError: string | null = null;
  try {
    history = status.state === 'unreachable' ? null : (await engine.history(id)).rows;
  } catch (error) {
    historyError = problemOf(error).problem.message;
  }
  const failure = await engine.lastFailure(id).catch(() => null);
  const pending = stream.filter((m) => status.pending.includes(m.version));
  const title = isHost ? 'Host database' : `Tenant ${status.id}`;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-baseline gap-3">
        <h1 className="text-lg font-semibold" data-testid="database-title">
          {title}
        </h1>
        <span className="text-sm text-slate-600">
          {isHost ? '' : status.name} <span className="mono text-slate-500">database {status.database || '–'}</span>
        </span>
        <StateBadge state={status.state} />
        <Link prefetch={false} href="/" className="link ml-auto text-sm">
          ← Matrix
        </Link>
      </div>

      <div className="grid gap-4 lg:grid-cols-3">
        <section className="panel p-3 lg:col-span-1" aria-labelledby="db-now">
          <h2 id="db-now" className="text-sm font-semibold">
            Now
          </h2>
          <dl className="mt-2 grid grid-cols-2 gap-y-1 text-sm">
            <dt className="text-slate-500">Current version</dt>
            <dd className="font-mono" data-testid="current-version">
              {status.current ?? '–'}
            </dd>
            <dt className="text-slate-500">Latest version</dt>
            <dd className="font-mono">{status.latest}</dd>
            <dt className="text-slate-500">Applied</dt>
            <dd className="font-mono text-xs">{status.applied.join(', ') || 'none'}</dd>
            <dt className="text-slate-500">Pending</dt>
            <dd className="font-mono text-xs">{status.current === null ? '–' : status.pending.join(', ') || 'none'}</dd>
          </dl>
          {status.problem && (
            <p className="mt-2 rounded border border-red-200 bg-red-50 p-2 text-xs whitespace-pre-wrap text-red-900" role="alert">
              {statusError(status)}
            </p>
          )}
        </section>

        <section className="panel p-3 lg:col-span-2" aria-labelledby="db-actions">
          <h2 id="db-actions" className="mb-2 text-sm font-semibold">
            Actions for this database
          </h2>
          <DatabaseActions id={status.id} current={status.current ?? 0} canOperate={hasRole(user.role, 'operator')} />
          {hasRole(user.role, 'admin') &&
            status.refusals
              .filter((r) => r.code === 'checksum-mismatch')
              .map((r) => (
                <div key={r.version} className="mt-3 border-t pt-3" data-testid={`repair-${r.version}`}>
                  <RepairForm id={status.id} version={r.version} file={stream.find((m) => m.version === r.version)?.file ?? String(r.version)} />
                </div>
              ))}
        </section>
      </div>

      <section className="panel p-3" aria-labelledby="db-failure">
        <h2 id="db-failure" className="text-sm font-semibold">
          Last failure
        </h2>
        {failure ? (
          <div className="mt-1 text-sm" data-testid="last-failure">
            <p>
              {formatTime(failure.finishedAt)} UTC ({ago(failure.finishedAt)}), {failure.action} by {failure.requestedBy}
              {' '}—{' '}
              <Link prefetch={false} href={`/runs/${failure.runId}`} className="link">
                run
              </Link>
            </p>
            <ProblemText problem={failure.problem} className="mt-1" />
          </div>
        ) : (
          <p className="mt-1 text-sm text-slate-500">No run has failed on this database.</p>
        )}
      </section>

      <section className="panel" aria-labelledby="db-pending">
        <h2 id="db-pending" className="border-b border-slate-200 px-3 py-2 text-sm font-semibold">
          Pending migrations ({status.current === null ? 'unknown' : pending.length})
        </h2>
        {pending.length === 0 ? (
          <p className="px-3 py-2 text-sm text-slate-500">{status.current === null ? 'The database cannot be read.' : 'None: up to date.'}</p>
        ) : (
          <ul className="divide-y divide-slate-100">
            {pending.map((m) => (
              <li key={m.version}>
                <details>
                  <summary className="cursor-pointer px-3 py-1.5 text-sm">
                    <span className="font-mono font-semibold">{m.name}</span> <span className="text-xs text-slate-500">{m.file}</span>
                    {m.up.noTransaction && <span className="ml-2 rounded bg-amber-100 px-1 text-xs text-amber-900">no-transaction</span>}
                    {m.header.description && <span className="ml-2 text-xs text-slate-600">— {m.header.description}</span>}
                  </summary>
                  <SqlBlock segments={highlightSql(m.up.sql.trimEnd())} label={`UP SQL of ${m.name}`} />
                </details>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="panel" aria-labelledby="db-history">
        <h2 id="db-history" className="border-b border-slate-200 px-3 py-2 text-sm font-semibold">
          History <span className="font-normal text-slate-500">(_migration_versions, newest first, times UTC)</span>
        </h2>
        {historyError ? (
          <p className="px-3 py-2 text-sm text-red-800">{historyError}</p>
        ) : !history ? (
          <p className="px-3 py-2 text-sm text-slate-500">The database cannot be read.</p>
        ) : history.length === 0 ? (
          <p className="px-3 py-2 text-sm text-slate-500">No migration has been applied yet.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-sm" data-testid="history">
              <TableHead columns={[{ label: '#', align: 'right' }, { label: 'Version', align: 'right' }, 'Name', 'Direction', 'When', 'Who', { label: 'Took', align: 'right' }, 'Checksum', 'Run']} />
              <tbody>
                {history.map((h) => (
                  <tr key={h.id} data-testid="history-row" data-direction={h.direction} data-version={h.version}>
                    <td className="td text-right text-xs text-slate-500">{h.id}</td>
                    <td className="td text-right font-mono text-[12px]">{h.version}</td>
                    <td className="td font-mono text-[12px]">{h.name}</td>
                    <td className="td">
                      <span className={`rounded px-1.5 py-px text-xs font-bold ${h.direction === 'up' ? 'bg-blue-50 text-blue-800' : 'bg-red-50 text-red-800'}`}>{h.direction}</span>
                    </td>
                    <td className="td text-xs whitespace-nowrap">{formatTime(h.appliedAt)}</td>
                    <td className="td text-xs">{h.appliedBy ?? ''}</td>
                    <td className="td text-right text-xs">{h.executionTimeMs === null ? '' : duration(h.executionTimeMs)}</td>
                    <td className="td mono text-slate-500" title={h.checksum ?? undefined}>
                      {h.checksum?.slice(0, 12) ?? ''}
                    </td>
                    <td className="td text-xs">
                      {h.runId && /^[0-9a-f-]{36}$/i.test(h.runId) ? (
                        <Link prefetch={false} href={`/runs/${h.runId}`} className="link mono">
                          {h.runId.slice(0, 8)}
                        </Link>
                      ) : (
                        h.runId ?? ''
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
