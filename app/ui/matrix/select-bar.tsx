'use client';
// The selection and what to do with it. Sticks to the bottom of the window.
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { RequestKind } from '@/lib/views/plan-types';
import { ActionPicker } from '../action-picker';
import { needsNumber, requestFrom, requestParams } from '@/lib/views/plan-types';
import { useSelection } from '../selection';

/** `matchingIds`: the tenants the filter matches (all pages), or null when nothing is filtered. */
export function SelectBar({ matchingIds, allTenantIds, latest }: { matchingIds: string[] | null; allTenantIds: string[]; latest: number }) {
  const sel = useSelection();
  const router = useRouter();
  const [kind, setKind] = useState<RequestKind>('migrate-latest');
  const [n, setN] = useState<number>(latest);
  const count = sel.selected.size;
  const hostSelected = sel.has('host');
  const tenants = count - (hostSelected ? 1 : 0);
  const matchingSelected = matchingIds ? matchingIds.filter((id) => sel.has(id)).length : 0;
  const numberOk = !needsNumber(kind) || (Number.isInteger(n) && n >= (kind === 'rollback-steps' ? 1 : 0));

  return (
    <div className="sticky bottom-0 z-20 -mx-4 mt-4 border-t border-slate-300 bg-white/95 px-4 py-2 shadow-[0_-2px_6px_rgba(0,0,0,0.05)] backdrop-blur" role="region" aria-label="Selection">
      <div className="flex flex-wrap items-end gap-x-6 gap-y-2">
        <div className="text-sm">
          <div className="font-semibold" data-testid="selection-count" aria-live="polite">
            {count === 0 ? 'Nothing selected' : `${count.toLocaleString('en-US')} selected`}
          </div>
          <div className="text-xs text-slate-500">
            {count === 0 ? 'Tick databases, or select by filter:' : `${hostSelected ? 'host + ' : ''}${tenants.toLocaleString('en-US')} tenant${tenants === 1 ? '' : 's'}`}
          </div>
        </div>
        <div className="flex flex-wrap gap-1.5">
          {matchingIds && (
            <button type="button" className="btn btn-sm" onClick={() => sel.setMany(matchingIds, true)} disabled={matchingSelected === matchingIds.length}>
              Select all {matchingIds.length.toLocaleString('en-US')} matching
            </button>
          )}
          <button type="button" className="btn btn-sm" onClick={() => sel.setMany(allTenantIds, true)}>
            Select all {allTenantIds.length.toLocaleString('en-US')} tenants
          </button>
          <button type="button" className="btn btn-sm" onClick={() => sel.clear()} disabled={count === 0}>
            Clear
          </button>
        </div>
        <form
          className="ml-auto flex items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            router.push(`/plan?${requestParams(requestFrom(kind, n))}`);
          }}
        >
          <ActionPicker
            idPrefix="bar"
            kind={kind}
            n={n}
            onChange={(k, v) => {
              setKind(k);
              setN(v);
            }}
          />
          <button type="submit" className="btn btn-primary" disabled={count === 0 || !numberOk}>
            Preview plan →
          </button>
        </form>
      </div>
    </div>
  );
}
