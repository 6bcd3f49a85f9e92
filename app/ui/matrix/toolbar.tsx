'use client';
// Filters of the tenant matrix. They live in the URL: a filtered view can be bookmarked and shared.
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useRef, useState, useTransition } from 'react';
import { PAGE_SIZES, STATE_LABEL, STATE_ORDER, type MatrixQuery } from '@/lib/views/matrix';

export function MatrixToolbar({ query, counts, total }: { query: MatrixQuery; counts: Record<string, number>; total: number }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [pending, startTransition] = useTransition();
  const [text, setText] = useState(query.q);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => setText(query.q), [query.q]);

  const go = (change: Record<string, string | null>) => {
    const next = new URLSearchParams(params.toString());
    for (const [k, v] of Object.entries(change)) {
      if (v === null || v === '') next.delete(k);
      else next.set(k, v);
    }
    if (!('page' in change)) next.delete('page');
    const s = next.toString();
    startTransition(() => router.replace(s ? `${pathname}?${s}` : pathname, { scroll: false }));
  };

  return (
    <div className="flex flex-wrap items-end gap-3" aria-busy={pending}>
      <div>
        <label htmlFor="matrix-search" className="mb-0.5 block text-xs font-medium text-slate-600">
          Search tenants
        </label>
        <input
          id="matrix-search"
          type="search"
          className="input w-64"
          placeholder="id, name or database"
          value={text}
          onChange={(e) => {
            const value = e.target.value;
            setText(value);
            if (timer.current) clearTimeout(timer.current);
            timer.current = setTimeout(() => go({ q: value.trim() }), 250);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              if (timer.current) clearTimeout(timer.current);
              go({ q: text.trim() });
            }
          }}
        />
      </div>
      <div>
        <label htmlFor="matrix-state" className="mb-0.5 block text-xs font-medium text-slate-600">
          State
        </label>
        <select id="matrix-state" className="input" value={query.state} onChange={(e) => go({ state: e.target.value === 'all' ? null : e.target.value })}>
          <option value="all">all ({total})</option>
          {STATE_ORDER.map((s) => (
            <option key={s} value={s}>
              {STATE_LABEL[s]} ({counts[s] ?? 0})
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="matrix-sort" className="mb-0.5 block text-xs font-medium text-slate-600">
          Sort by
        </label>
        <select id="matrix-sort" className="input" value={query.sort} onChange={(e) => go({ sort: e.target.value === 'default' ? null : e.target.value })}>
          <option value="default">tenant list order</option>
          <option value="version-asc">version, lowest first</option>
          <option value="version-desc">version, highest first</option>
          <option value="state">state</option>
          <option value="name">name</option>
        </select>
      </div>
      <div>
        <label htmlFor="matrix-size" className="mb-0.5 block text-xs font-medium text-slate-600">
          Rows per page
        </label>
        <select id="matrix-size" className="input" value={query.size} onChange={(e) => go({ size: e.target.value === '50' ? null : e.target.value })}>
          {PAGE_SIZES.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </div>
      {pending && <span className="pb-1.5 text-xs text-slate-500">updating…</span>}
    </div>
  );
}
