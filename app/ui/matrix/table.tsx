// The matrix itself: one row per database, one column per version of its stream.
import Link from 'next/link';
import { cellState, visibleColumns, type CellState, type MatrixRow, type VersionColumn } from '@/lib/views/matrix';
import { StateBadge } from '../badges';
import { PageCheckbox, PageIdsProvider, RowCheckbox } from './checkboxes';

const SYMBOL: Record<CellState, string> = { applied: '✓', baselined: 'B', pending: '–', failed: '✕', mismatch: '!', unknown: '?' };
const WORDS: Record<CellState, string> = { applied: 'applied', baselined: 'baselined (recorded, not run)', pending: 'pending', failed: 'failed', mismatch: 'checksum mismatch', unknown: 'unknown' };

export function Cell({ state, name }: { state: CellState; name: string }) {
  const label = `${name}: ${WORDS[state]}`;
  return (
    <span className={`cell cell-${state}`} title={label} role="img">
      {SYMBOL[state]}
    </span>
  );
}

export function Legend() {
  return (
    <ul className="flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-slate-600" aria-label="Legend">
      {(['applied', 'baselined', 'pending', 'failed', 'mismatch', 'unknown'] as const).map((s) => (
        <li key={s} className="flex items-center gap-1.5">
          <span className={`cell cell-${s} mx-0!`} aria-hidden>
            {SYMBOL[s]}
          </span>
          {s === 'unknown' ? 'unknown (unreachable)' : WORDS[s]}
        </li>
      ))}
    </ul>
  );
}

interface Props {
  caption: string;
  rows: MatrixRow[];
  columns: VersionColumn[];
  /** Databases per current version, over the whole section (not just this page). */
  distribution?: Map<number, number>;
  selectable: boolean;
  testId: string;
  /** Scroll inside a box with a sticky header (long tables). */
  scroll?: boolean;
  sortHref?: { asc: string; desc: string; active: 'asc' | 'desc' | null };
}

export function MatrixTable({ caption, rows, columns, distribution, selectable, testId, sortHref, scroll }: Props) {
  const { folded, shown } = visibleColumns(columns);
  const max = Math.max(1, ...(distribution ? [...distribution.values()] : [1]));
  const pageIds = rows.map((r) => r.id);
  const foldedLabel = folded.length ? `${folded[0].version}–${folded[folded.length - 1].version}` : '';
  const nextSort = sortHref?.active === 'asc' ? sortHref.desc : sortHref?.asc;

  return (
    <div className={scroll ? 'max-h-[calc(100vh-12rem)] overflow-auto' : 'overflow-x-auto'} tabIndex={scroll ? 0 : undefined} aria-label={scroll ? caption : undefined} role={scroll ? 'region' : undefined}>
      <table className="w-full text-sm" data-testid={testId}>
        <caption className="sr-only">{caption}</caption>
        <thead className={scroll ? 'sticky top-0 z-10' : undefined}>
          <tr>
            {selectable && (
              <th scope="col" className="th w-8">
                <PageCheckbox ids={pageIds} label={`Select all ${rows.length} rows on this page`} />
              </th>
            )}
            <th scope="col" className="th min-w-56">
              Database
            </th>
            <th scope="col" className="th w-20 text-right" aria-sort={sortHref?.active === 'asc' ? 'ascending' : sortHref?.active === 'desc' ? 'descending' : undefined}>
              {sortHref ? (
                <Link prefetch={false} href={nextSort!} className="hover:text-slate-900" title="Sort by current version">
                  Current {sortHref.active === 'asc' ? '▲' : sortHref.active === 'desc' ? '▼' : '↕'}
                </Link>
              ) : (
                'Current'
              )}
            </th>
            <th scope="col" className="th w-32">
              State
            </th>
            {folded.length > 0 && (
              <th scope="col" className="th px-1 text-center normal-case" title={`Versions ${foldedLabel}, folded`}>
                {foldedLabel}
              </th>
            )}
            {shown.map((c) => {
              const count = distribution?.get(c.version) ?? 0;
              return (
                <th key={c.version} scope="col" className="th w-9 px-0.5 pb-1 text-center align-bottom normal-case" title={`${c.name}${c.noTransaction ? ' (no-transaction)' : ''}`}>
                  {distribution && (
                    <div className="mx-auto mb-1 flex h-8 w-4 items-end" aria-hidden>
                      <div className="w-full rounded-t-sm bg-blue-500/70" style={{ height: `${count ? Math.max(8, (count / max) * 100) : 0}%` }} />
                    </div>
                  )}
                  <div className="font-mono text-[11px] text-slate-700">{c.version}</div>
                  {distribution && (
                    <div className="text-[10px] font-normal text-slate-500" title={`${count} database${count === 1 ? '' : 's'} at version ${c.version}`}>
                      <span className="sr-only">at this version: </span>
                      {count}
                    </div>
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <PageIdsProvider ids={pageIds}>
          <tbody>
            {rows.map((r) => {
              const label = r.kind === 'host' ? 'the host database' : `tenant ${r.id}`;
              const foldedStates = folded.map((c) => cellState(r, c.version));
              const foldedPending = foldedStates.filter((s) => s !== 'applied' && s !== 'baselined').length;
              return (
                <tr key={r.id} className="hover:bg-blue-50/40" data-testid={`row-${r.id}`} data-state={r.state} data-current={r.current ?? ''}>
                  {selectable && (
                    <td className="td">
                      <RowCheckbox id={r.id} label={label} />
                    </td>
                  )}
                  <th scope="row" className="td text-left font-normal">
                    <Link prefetch={false} href={`/databases/${encodeURIComponent(r.id)}`} className="link font-medium">
                      {r.kind === 'host' ? 'host' : r.id}
                    </Link>
                    <span className="ml-2 text-xs text-slate-500">{r.kind === 'host' ? r.database : r.name}</span>
                    {r.error && r.state !== 'up-to-date' && r.state !== 'behind' && (
                      <div className="max-w-md truncate text-xs text-slate-500" title={r.error}>
                        {r.error}
                      </div>
                    )}
                  </th>
                  <td className="td text-right font-mono text-[12px]">{r.current === null ? '–' : r.current}</td>
                  <td className="td">
                    <StateBadge state={r.state} title={r.error ?? undefined} />
                  </td>
                  {folded.length > 0 && (
                    <td className="td text-center text-xs text-slate-500" title={foldedPending ? `${foldedPending} not applied among ${foldedLabel}` : `all of ${foldedLabel} applied`}>
                      {r.state === 'unreachable' ? '?' : foldedPending ? `${foldedPending} ✕` : 'all ✓'}
                    </td>
                  )}
                  {shown.map((c) => (
                    <td key={c.version} className="td px-0.5 text-center">
                      <Cell state={cellState(r, c.version)} name={`${r.kind === 'host' ? 'host' : r.id} v${c.version}`} />
                    </td>
                  ))}
                </tr>
              );
            })}
            {rows.length === 0 && (
              <tr>
                <td colSpan={4 + shown.length + (selectable ? 1 : 0) + (folded.length ? 1 : 0)} className="td py-6 text-center text-slate-500">
                  No database matches.
                </td>
              </tr>
            )}
          </tbody>
        </PageIdsProvider>
      </table>
    </div>
  );
}
