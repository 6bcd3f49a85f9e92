import type { Metadata } from 'next';
import Link from 'next/link';
import { Suspense } from 'react';
import { getMatrixSnapshot, type MatrixSnapshot } from '@/app/lib/server/matrix';
import { matrixQueryString, parseMatrixQuery, queryTenants, STATE_LABEL, STATE_ORDER, stateCounts, versionDistribution, type MatrixQuery } from '@/lib/views/matrix';
import { getEngine } from '@/app/lib/server/engine';
import { describePlanRequest } from '@/lib/views/plan-types';
import { ago, duration, plural } from '../lib/format';
import { requireUser } from '../lib/session';
import { Problem } from '../ui/problem';
import { Legend, MatrixTable } from '../ui/matrix/table';
import { MatrixToolbar } from '../ui/matrix/toolbar';
import { Pagination } from '../ui/matrix/pagination';
import { RefreshButton } from '../ui/matrix/refresh-button';
import { SelectBar } from '../ui/matrix/select-bar';

export const metadata: Metadata = { title: 'Matrix' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function MatrixPage({ searchParams }: { searchParams: SearchParams }) {
  await requireUser();
  const query = parseMatrixQuery(await searchParams);
  return (
    <Suspense fallback={<MatrixLoading />}>
      <Matrix query={query} />
    </Suspense>
  );
}

function MatrixLoading() {
  return (
    <div className="panel p-6 text-sm text-slate-600" role="status">
      Reading the status of every database…
    </div>
  );
}

async function Matrix({ query }: { query: MatrixQuery }) {
  let snapshot: MatrixSnapshot;
  try {
    snapshot = await getMatrixSnapshot();
  } catch (error) {
    return <Problem error={error} />;
  }
  const counts = stateCounts(snapshot.tenants);
  const page = queryTenants(snapshot.tenants, query);
  const dist = versionDistribution(snapshot.tenants);
  const filtered = query.state !== 'all' || query.q !== '';
  const sortActive = query.sort === 'version-asc' ? 'asc' : query.sort === 'version-desc' ? 'desc' : null;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-lg font-semibold">Matrix</h1>
        <div className="flex items-center gap-3 text-xs text-slate-500">
          <span title={`The matrix shows each database's state as last read (by a refresh or a run), without connecting to the tenants; shown in ${duration(snapshot.readMs)}.`}>
            {plural(snapshot.host.length + snapshot.tenants.length, 'database')}, state as of {snapshot.refreshedAt ? ago(snapshot.refreshedAt) : 'now'}
            {snapshot.refreshing && ' · reading every database…'}
          </span>
          <RefreshButton />
        </div>
      </div>

      <OpenRuns />

      <section aria-labelledby="summary-heading" className="panel flex flex-wrap items-center gap-2 p-3">
        <h2 id="summary-heading" className="sr-only">
          Summary
        </h2>
        <Link prefetch={false} href={`/${matrixQueryString(query, { state: 'all', page: 1 })}`} className={`rounded px-2.5 py-1 text-sm ${query.state === 'all' ? 'bg-slate-900 text-white' : 'hover:bg-slate-100'}`}>
          All tenants <b>{snapshot.tenants.length.toLocaleString('en-US')}</b>
        </Link>
        {STATE_ORDER.map((s) => (
          <Link prefetch={false}
            key={s}
            href={`/${matrixQueryString(query, { state: s, page: 1 })}`}
            data-testid={`count-${s}`}
            className={`rounded px-2.5 py-1 text-sm ${query.state === s ? 'bg-slate-900 text-white' : 'hover:bg-slate-100'} ${counts[s] === 0 ? 'opacity-50' : ''}`}
          >
            {STATE_LABEL[s]} <b>{counts[s].toLocaleString('en-US')}</b>
          </Link>
        ))}
        <span className="ml-auto text-xs text-slate-500">
          latest: tenant <b className="font-mono">{snapshot.latest.tenant}</b> · host <b className="font-mono">{snapshot.latest.host}</b>
        </span>
      </section>

      <section aria-labelledby="host-heading" className="panel">
        <h2 id="host-heading" className="border-b border-slate-200 px-3 py-2 text-sm font-semibold">
          Host database
        </h2>
        <MatrixTable caption="The host database by version" rows={snapshot.host} columns={snapshot.columns.host} selectable testId="host-matrix" />
      </section>

      <section aria-labelledby="tenants-heading" className="panel">
        <div className="space-y-3 border-b border-slate-200 px-3 py-2">
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <h2 id="tenants-heading" className="text-sm font-semibold">
              Tenants
            </h2>
            <VersionSummary dist={dist} />
          </div>
          <MatrixToolbar query={query} counts={counts} total={snapshot.tenants.length} />
        </div>
        <MatrixTable
          caption="Tenants by version: one row per tenant database, one column per migration version"
          rows={page.rows}
          columns={snapshot.columns.tenant}
          distribution={dist.byVersion}
          selectable
          scroll
          testId="tenant-matrix"
          sortHref={{ asc: `/${matrixQueryString(query, { sort: 'version-asc', page: 1 })}`, desc: `/${matrixQueryString(query, { sort: 'version-desc', page: 1 })}`, active: sortActive }}
        />
        <div className="flex flex-wrap items-center justify-between gap-3 px-3 py-2">
          <Pagination query={query} page={page.page} pages={page.pages} total={page.total} />
          <Legend />
        </div>
      </section>

      <SelectBar matchingIds={filtered ? page.matchingIds : null} allTenantIds={snapshot.tenants.map((t) => t.id)} latest={snapshot.latest.tenant} />
    </div>
  );
}

function VersionSummary({ dist }: { dist: ReturnType<typeof versionDistribution> }) {
  const parts = [...dist.byVersion].sort((a, b) => b[0] - a[0]);
  return (
    <p className="text-xs text-slate-600" data-testid="version-distribution">
      <span className="font-medium">Tenants per version:</span>{' '}
      {parts.map(([v, n]) => (
        <span key={v} className="mr-2 whitespace-nowrap">
          v<span className="font-mono">{v}</span>: <b>{n}</b>
        </span>
      ))}
      {dist.none > 0 && (
        <span className="mr-2 whitespace-nowrap">
          none applied: <b>{dist.none}</b>
        </span>
      )}
      {dist.unknown > 0 && (
        <span className="whitespace-nowrap">
          unknown: <b>{dist.unknown}</b>
        </span>
      )}
    </p>
  );
}

async function OpenRuns() {
  let runs;
  try {
    runs = await getEngine().openRuns(5);
  } catch {
    return null;
  }
  if (!runs.length) return null;
  return (
    <div className="rounded border border-blue-200 bg-blue-50 px-3 py-2 text-sm text-blue-900" role="status">
      {runs.map((r) => (
        <div key={r.id}>
          Run in progress: <b>{describePlanRequest(r.request.request)}</b> on {plural(r.databaseCount, 'database')} by {r.requestedBy} ({ago(r.createdAt)}) —{' '}
          <Link prefetch={false} className="link" href={`/runs/${r.id}`}>
            follow it
          </Link>
        </div>
      ))}
    </div>
  );
}
