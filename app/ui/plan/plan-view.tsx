'use client';
// Preview → rehearse → apply, for the selected databases. The server does the work (actions in
// app/actions/plan.ts); this component holds the page's state and shows the results.
import { TableHead } from '@/app/ui/table';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useMemo, useRef, useState, useTransition } from 'react';
import type { Role } from '@/lib/auth/roles';
import { previewAction, rehearseAction, startRunAction } from '../../actions/plan';
import type { ActionError } from '../../lib/action';
import {
  describeRequest,
  isRollback,
  MAX_REHEARSAL_DATABASES,
  type PreviewData,
  type PreviewDatabase,
  type RehearsalData,
  type RequestInput,
  type RequestKind,
} from '@/lib/views/plan-types';
import { ActionPicker } from '../action-picker';
import { needsNumber, requestFrom, requestParams } from '@/lib/views/plan-types';
import { useSelection } from '../selection';
import { ConfirmDialog } from './confirm-dialog';
import { RehearsalResults } from './rehearsal-results';
import { SqlBlock } from './sql-block';

const canOperate = (role: Role) => role === 'operator' || role === 'admin';
const stepAnchor = (key: string) => key.replace(/[^a-z0-9]/gi, '-').slice(0, 40);

export function PlanView({ role, urlIds, initialRequest }: { role: Role; urlIds: string[] | null; initialRequest: RequestInput | null }) {
  const sel = useSelection();
  const router = useRouter();
  const ids = useMemo(() => {
    if (urlIds) return urlIds;
    const list = [...sel.selected];
    return [...list.filter((id) => id === 'host'), ...list.filter((id) => id !== 'host')];
  }, [urlIds, sel.selected]);

  const [kind, setKind] = useState<RequestKind>(initialRequest?.kind ?? 'migrate-latest');
  const [n, setN] = useState<number>(initialRequest && 'version' in initialRequest ? initialRequest.version : initialRequest && 'steps' in initialRequest ? initialRequest.steps : 1);
  const [preview, setPreview] = useState<PreviewData | null>(null);
  const [rehearsal, setRehearsal] = useState<RehearsalData | null>(null);
  const [error, setError] = useState<ActionError | null>(null);
  const [busy, setBusy] = useState<null | 'preview' | 'rehearse' | 'apply'>(null);
  const [confirming, setConfirming] = useState(false);
  const [, startTransition] = useTransition();
  const autoPreviewed = useRef(false);

  const numberOk = !needsNumber(kind) || (Number.isInteger(n) && n >= (kind === 'rollback-steps' ? 1 : 0));
  const request = numberOk ? requestFrom(kind, n) : null;

  const runPreview = async (r: RequestInput) => {
    setBusy('preview');
    setError(null);
    setRehearsal(null);
    const res = await previewAction({ ids, request: r });
    setBusy(null);
    if (res.ok) setPreview(res.data);
    else {
      setPreview(null);
      setError(res);
    }
  };

  // Arriving with an action in the URL (from the matrix or a database page): preview right away.
  useEffect(() => {
    if (autoPreviewed.current || !initialRequest || !ids.length || (!urlIds && !sel.ready)) return;
    autoPreviewed.current = true;
    void runPreview(initialRequest);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [initialRequest, ids.length, sel.ready]);

  const changing = preview?.databases.filter((d) => d.status === 'changes') ?? [];
  const stepsByKey = new Map((preview?.steps ?? []).map((s) => [s.key, s]));
  const totalSteps = changing.reduce((s, d) => s + d.steps, 0);
  const rollback = preview ? isRollback(preview.request) : false;

  const rehearse = async (scope: 'all' | 'sample') => {
    if (!preview) return;
    const target = scope === 'all' ? changing.map((d) => d.id) : preview.groups.map((g) => g.databaseIds[0]);
    setBusy('rehearse');
    setError(null);
    const res = await rehearseAction({ ids: target, request: preview.request });
    setBusy(null);
    if (res.ok) setRehearsal(res.data);
    else setError(res);
  };

  const apply = async () => {
    if (!preview) return;
    setBusy('apply');
    setError(null);
    const target = changing.map((d) => d.id);
    const res = await startRunAction({ ids: target, request: preview.request, confirmCount: target.length });
    if (res.ok) {
      if (!urlIds) sel.clear();
      startTransition(() => router.push(`/runs/${res.data.runId}`));
    } else {
      setBusy(null);
      setConfirming(false);
      setError(res);
    }
  };

  if (!urlIds && !sel.ready) return <p className="text-sm text-slate-500">Loading the selection…</p>;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-lg font-semibold">Plan</h1>
        <Link prefetch={false} href="/" className="link text-sm">
          ← Back to the matrix
        </Link>
      </div>

      <section className="panel p-3" aria-labelledby="plan-selection">
        <h2 id="plan-selection" className="text-sm font-semibold">
          {ids.length === 0 ? 'No database selected' : `${ids.length.toLocaleString('en-US')} database${ids.length === 1 ? '' : 's'} selected`}
        </h2>
        {ids.length === 0 ? (
          <p className="mt-1 text-sm text-slate-600">
            Select databases in the{' '}
            <Link prefetch={false} href="/" className="link">
              matrix
            </Link>{' '}
            (tick rows, or use “Select all matching” after filtering), then come back here.
          </p>
        ) : (
          <p className="mt-1 truncate text-xs text-slate-600" title={ids.join(', ')}>
            {ids.slice(0, 40).join(', ')}
            {ids.length > 40 ? ` … and ${ids.length - 40} more` : ''}
          </p>
        )}
        <form
          className="mt-3 flex flex-wrap items-end gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            if (!request) return;
            // Keep the action in the URL: a reload shows the same plan again.
            const q = requestParams(request) + (urlIds ?? []).map((id) => `&id=${encodeURIComponent(id)}`).join('');
            window.history.replaceState(null, '', `/plan?${q}`);
            void runPreview(request);
          }}
        >
          <ActionPicker
            idPrefix="plan"
            kind={kind}
            n={n}
            onChange={(k, v) => {
              setKind(k);
              setN(v);
              setPreview(null);
              setRehearsal(null);
            }}
          />
          <button type="submit" className="btn btn-primary" disabled={!ids.length || !request || busy !== null}>
            {busy === 'preview' ? 'Planning…' : 'Preview'}
          </button>
          <p className="text-xs text-slate-500">Preview reads each database’s history and plans; it changes nothing.</p>
        </form>
      </section>

      {error && (
        <div role="alert" className="rounded border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900" data-testid="action-error">
          {error.error}
          {error.hint && <div className="mt-1 whitespace-pre-wrap text-xs">Fix: {error.hint}</div>}
        </div>
      )}

      {preview && (
        <>
          <section className="panel p-3" aria-labelledby="preview-heading" data-testid="preview-summary">
            <h2 id="preview-heading" className="text-sm font-semibold">
              Preview: {preview.description}
            </h2>
            <Summary preview={preview} />
            <div className="mt-3 flex flex-wrap items-center gap-2">
              {canOperate(role) ? (
                <>
                  {changing.length > 0 && changing.length <= MAX_REHEARSAL_DATABASES && (
                    <button type="button" className="btn" onClick={() => rehearse('all')} disabled={busy !== null} data-testid="rehearse-button">
                      {busy === 'rehearse' ? 'Rehearsing…' : `Rehearse on ${changing.length} database${changing.length === 1 ? '' : 's'}`}
                    </button>
                  )}
                  {preview.groups.length > 0 && preview.groups.length < changing.length && (
                    <button type="button" className="btn" onClick={() => rehearse('sample')} disabled={busy !== null}>
                      Rehearse one database per distinct plan ({preview.groups.length})
                    </button>
                  )}
                  <button
                    type="button"
                    className={`btn ${rollback ? 'btn-danger' : 'btn-primary'}`}
                    disabled={!changing.length || busy !== null}
                    onClick={() => setConfirming(true)}
                    data-testid="apply-button"
                  >
                    {rollback ? 'Roll back' : 'Apply'} on {changing.length} database{changing.length === 1 ? '' : 's'}…
                  </button>
                </>
              ) : (
                <p className="text-xs text-slate-600" data-testid="viewer-note">
                  Your role (<b>{role}</b>) can preview plans. Rehearsing, applying and rolling back need an operator or admin.
                </p>
              )}
            </div>
          </section>

          {rehearsal && <RehearsalResults data={rehearsal} />}

          <section aria-labelledby="plans-heading" className="panel">
            <h2 id="plans-heading" className="border-b border-slate-200 px-3 py-2 text-sm font-semibold">
              {preview.groups.length === 0
                ? 'Nothing would run'
                : `${preview.groups.length} distinct plan${preview.groups.length === 1 ? '' : 's'}: ${totalSteps} step${totalSteps === 1 ? '' : 's'} on ${changing.length} database${changing.length === 1 ? '' : 's'}`}
            </h2>
            {preview.groups.length > 0 && (
              <table className="w-full text-sm" data-testid="plan-groups">
                <TableHead columns={['Databases', 'Steps, in the order they run']} />
                <tbody>
                  {preview.groups.map((g) => (
                    <tr key={g.key}>
                      <td className="td max-w-md">
                        <b>{g.databaseIds.length}</b>:{' '}
                        <span className="text-slate-700" title={g.databaseIds.join(', ')}>
                          {g.databaseIds.slice(0, 15).join(', ')}
                          {g.databaseIds.length > 15 ? ` … +${g.databaseIds.length - 15}` : ''}
                        </span>
                      </td>
                      <td className="td">
                        <ol className="flex flex-wrap gap-1">
                          {g.stepKeys.map((k) => {
                            const s = stepsByKey.get(k)!;
                            return (
                              <li key={k}>
                                <a href={`#step-${stepAnchor(k)}`} className={`inline-block rounded px-1.5 py-px font-mono text-[11px] ring-1 ring-inset ${s.direction === 'up' ? 'bg-blue-50 text-blue-900 ring-blue-200' : 'bg-red-50 text-red-900 ring-red-200'} ${s.noTransaction ? 'border-b-2 border-amber-400' : ''}`} title={s.noTransaction ? 'no-transaction' : undefined}>
                                  {s.direction === 'up' ? '↑' : '↓'} {s.name}
                                </a>
                              </li>
                            );
                          })}
                        </ol>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>

          {preview.steps.length > 0 && (
            <section aria-labelledby="sql-heading" className="space-y-2">
              <h2 id="sql-heading" className="text-sm font-semibold">
                The SQL that would run ({preview.steps.length} migration{preview.steps.length === 1 ? '' : 's'}, each shown once)
              </h2>
              {preview.steps.map((s) => (
                <article key={s.key} id={`step-${stepAnchor(s.key)}`} className="overflow-hidden rounded border border-slate-300 bg-white" data-testid="plan-step">
                  <header className="flex flex-wrap items-center gap-2 bg-slate-100 px-2 py-1 text-xs">
                    <span className={`rounded px-1.5 py-px font-bold text-white ${s.direction === 'up' ? 'bg-blue-700' : 'bg-red-700'}`}>{s.direction.toUpperCase()}</span>
                    <h3 className="font-mono font-semibold">{s.name}</h3>
                    <span className="text-slate-500">{s.file ?? 'DOWN kept in the history (its file is gone)'}</span>
                    {s.noTransaction && <span className="rounded bg-amber-100 px-1.5 py-px font-medium text-amber-900 ring-1 ring-amber-300">no-transaction: runs outside a transaction, cannot be rehearsed</span>}
                    <span className="text-slate-600">
                      on {s.databases} database{s.databases === 1 ? '' : 's'}
                    </span>
                    <span className="ml-auto font-mono text-slate-400" title={`checksum ${s.checksum}`}>
                      {s.checksum.slice(0, 12)}
                    </span>
                  </header>
                  <SqlBlock segments={s.sql} label={`SQL of ${s.direction} ${s.name}`} />
                </article>
              ))}
            </section>
          )}

          <DatabaseTable databases={preview.databases} />
        </>
      )}

      {confirming && preview && (
        <ConfirmDialog
          description={describeRequest(preview.request)}
          rollback={rollback}
          databases={changing}
          totalSteps={totalSteps}
          leftOut={preview.databases.length - changing.length}
          rehearsal={
            rehearsal && {
              succeeded: rehearsal.databases.filter((d) => d.outcome === 'succeeded').length,
              failed: rehearsal.databases.filter((d) => d.outcome === 'failed').length,
              other: rehearsal.databases.filter((d) => d.outcome !== 'succeeded' && d.outcome !== 'failed').length,
            }
          }
          busy={busy === 'apply'}
          onCancel={() => setConfirming(false)}
          onConfirm={apply}
        />
      )}
    </div>
  );
}

function Summary({ preview }: { preview: PreviewData }) {
  const by = (s: PreviewDatabase['status']) => preview.databases.filter((d) => d.status === s).length;
  const items: Array<[string, number, string]> = [
    ['will change', by('changes'), 'text-blue-800'],
    ['nothing to do', by('nothing'), 'text-slate-600'],
    ['refused', by('refused'), 'text-purple-800'],
    ['unreachable', by('error'), 'text-red-800'],
  ];
  return (
    <p className="mt-1 text-sm">
      {items.map(([label, count, cls]) => (
        <span key={label} className={`mr-4 ${count ? cls : 'text-slate-400'}`}>
          <b>{count.toLocaleString('en-US')}</b> {label}
        </span>
      ))}
    </p>
  );
}

const STATUS_ORDER: Record<PreviewDatabase['status'], number> = { error: 0, refused: 1, changes: 2, nothing: 3 };

function DatabaseTable({ databases }: { databases: PreviewDatabase[] }) {
  const [all, setAll] = useState(false);
  const sorted = [...databases].sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status]);
  const shown = all ? sorted : sorted.slice(0, 200);
  return (
    <section aria-labelledby="per-db-heading" className="panel">
      <h2 id="per-db-heading" className="border-b border-slate-200 px-3 py-2 text-sm font-semibold">
        Per database
      </h2>
      <div className="overflow-x-auto">
        <table className="w-full text-sm" data-testid="preview-databases">
          <TableHead columns={['Database', { label: 'Version now → after', align: 'right' }, { label: 'Steps', align: 'right' }, 'Result']} />
          <tbody>
            {shown.map((d) => (
              <tr key={d.id} data-testid={`preview-${d.id}`}>
                <th scope="row" className="td text-left font-normal">
                  <Link prefetch={false} href={`/databases/${encodeURIComponent(d.id)}`} className="link font-medium">
                    {d.kind === 'host' ? 'host' : d.id}
                  </Link>{' '}
                  <span className="text-xs text-slate-500">{d.name}</span>
                </th>
                <td className="td text-right font-mono text-[12px]">{d.current === null ? '–' : d.current === d.target ? d.current : `${d.current} → ${d.target}`}</td>
                <td className="td text-right">{d.steps || ''}</td>
                <td className="td text-xs">
                  {d.status === 'changes' && <span className="text-blue-800">will change</span>}
                  {d.status === 'nothing' && <span className="text-slate-500">nothing to do{d.notes.length ? ` — ${d.notes.join('; ')}` : ''}</span>}
                  {d.status === 'refused' &&
                    d.refusals.map((r) => (
                      <div key={r.message} className="text-purple-900">
                        <b>refused:</b> {r.message}
                        <div className="text-slate-600">fix: {r.hint}</div>
                      </div>
                    ))}
                  {d.status === 'error' && <span className="text-red-800">cannot read: {d.error}</span>}
                  {d.status === 'changes' && d.notes.length > 0 && <div className="text-amber-800">{d.notes.join('; ')}</div>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {sorted.length > shown.length && (
        <div className="px-3 py-2">
          <button type="button" className="btn btn-sm" onClick={() => setAll(true)}>
            Show all {sorted.length.toLocaleString('en-US')}
          </button>
        </div>
      )}
    </section>
  );
}
