'use client';
// Actions for one database: they lead to its plan (preview first, then rehearse and apply).
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { needsNumber, requestFrom, requestParams, type RequestKind } from '@/lib/views/plan-types';
import { ActionPicker } from './action-picker';

export function DatabaseActions({ id, current, canOperate }: { id: string; current: number; canOperate: boolean }) {
  const router = useRouter();
  const [kind, setKind] = useState<RequestKind>('migrate-latest');
  const [n, setN] = useState<number>(current);
  const ok = !needsNumber(kind) || (Number.isInteger(n) && n >= (kind === 'rollback-steps' ? 1 : 0));
  const go = (r: ReturnType<typeof requestFrom>) => router.push(`/plan?${requestParams(r)}&id=${encodeURIComponent(id)}`);
  return (
    <div className="space-y-2">
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          if (ok) go(requestFrom(kind, n));
        }}
        aria-label={`Plan an action for ${id}`}
      >
        <ActionPicker
          idPrefix="db"
          kind={kind}
          n={n}
          onChange={(k, v) => {
            setKind(k);
            setN(v);
          }}
        />
        <button type="submit" className="btn btn-primary" disabled={!ok}>
          Preview plan →
        </button>
      </form>
      <p className="text-xs text-slate-500">
        {canOperate ? 'The plan page shows the exact SQL; rehearse it or apply it from there.' : 'Your role can preview plans; applying them needs an operator or admin.'}
      </p>
    </div>
  );
}
