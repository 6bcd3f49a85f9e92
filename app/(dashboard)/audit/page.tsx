import { TableHead } from '@/app/ui/table';
import type { Metadata } from 'next';
import Link from 'next/link';
import { listAudit } from '@/lib/auth/audit';
import { hostDb } from '@/app/lib/server/engine';
import { formatTime } from '../../lib/format';
import { requireUser } from '../../lib/session';
import { StatusBadge } from '../../ui/badges';
import { Problem } from '../../ui/problem';

export const metadata: Metadata = { title: 'Audit log' };
const PAGE = 100;

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  await requireUser();
  const sp = await searchParams;
  const before = Number(sp.before) > 0 ? Number(sp.before) : undefined;
  const outcome = sp.outcome === 'refused' || sp.outcome === 'allowed' ? sp.outcome : undefined;
  let rows;
  try {
    rows = await listAudit(await hostDb(), { limit: PAGE, before, outcome });
  } catch (error) {
    return <Problem error={error} />;
  }
  const q = (p: Record<string, string | undefined>) => {
    const s = new URLSearchParams(Object.entries(p).filter((e): e is [string, string] => !!e[1])).toString();
    return s ? `/audit?${s}` : '/audit';
  };
  return (
    <div className="space-y-3">
      <h1 className="text-lg font-semibold">Audit log</h1>
      <p className="text-xs text-slate-500">Every apply and rollback, every refused action, every sign-in and change to users: who, what, when (UTC) and from where. Newest first.</p>
      <nav aria-label="Filter" className="flex gap-1 text-sm">
        {[undefined, 'allowed', 'refused'].map((o) => (
          <Link prefetch={false} key={o ?? 'all'} href={q({ outcome: o })} className={`rounded px-2 py-0.5 ${outcome === o ? 'bg-slate-900 text-white' : 'hover:bg-slate-200'}`}>
            {o ?? 'all'}
          </Link>
        ))}
      </nav>
      <div className="panel overflow-x-auto">
        <table className="w-full text-sm" data-testid="audit-table">
          <TableHead columns={['When', 'Who', 'What', 'Outcome', 'Origin', 'Detail']} />
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} data-testid="audit-row" data-action={r.action} data-outcome={r.outcome} data-actor={r.actor ?? ''}>
                <td className="td text-xs whitespace-nowrap">{formatTime(r.at)}</td>
                <td className="td">{r.actor ?? <span className="text-slate-400">(not signed in)</span>}</td>
                <td className="td font-medium">{r.action}</td>
                <td className="td">
                  <StatusBadge status={r.outcome} />
                </td>
                <td className="td text-xs text-slate-600">{r.origin}</td>
                <td className="td max-w-xl">
                  <Detail detail={r.detail as Record<string, unknown> | null} />
                </td>
              </tr>
            ))}
            {rows.length === 0 && (
              <tr>
                <td colSpan={6} className="td py-6 text-center text-slate-500">
                  Nothing recorded.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      {rows.length === PAGE && (
        <Link prefetch={false} className="btn btn-sm" href={q({ outcome, before: String(rows[rows.length - 1].id) })}>
          Older →
        </Link>
      )}
    </div>
  );
}

function Detail({ detail }: { detail: Record<string, unknown> | null }) {
  if (!detail) return null;
  const { runId, ids, ...rest } = detail;
  return (
    <div className="text-xs text-slate-700">
      {typeof runId === 'string' && (
        <Link prefetch={false} href={`/runs/${runId}`} className="link mr-2">
          run {runId.slice(0, 8)}
        </Link>
      )}
      {Object.entries(rest).map(([k, v]) => (
        <span key={k} className="mr-2">
          <span className="text-slate-500">{k}:</span> {typeof v === 'string' ? v : JSON.stringify(v)}
        </span>
      ))}
      {Array.isArray(ids) && (
        <span className="block truncate text-slate-500" title={ids.join(', ')}>
          {ids.slice(0, 20).join(', ')}
          {ids.length > 20 ? ` … +${ids.length - 20}` : ''}
        </span>
      )}
    </div>
  );
}
