'use client';
// Row and header checkboxes of the matrix. Shift-click selects the range from the last click.
import { createContext, useContext, useEffect, useRef } from 'react';
import { useSelection } from '../selection';

const PageIds = createContext<readonly string[]>([]);

export function PageIdsProvider({ ids, children }: { ids: readonly string[]; children: React.ReactNode }) {
  return <PageIds.Provider value={ids}>{children}</PageIds.Provider>;
}

export function RowCheckbox({ id, label }: { id: string; label: string }) {
  const sel = useSelection();
  const pageIds = useContext(PageIds);
  return (
    <input
      type="checkbox"
      className="h-3.5 w-3.5 cursor-pointer accent-blue-700"
      aria-label={`Select ${label}`}
      data-testid={`select-${id}`}
      checked={sel.has(id)}
      onChange={() => {}}
      onClick={(e) => {
        const on = !sel.has(id);
        const anchor = sel.anchor.current;
        if (e.shiftKey && anchor && anchor !== id && pageIds.includes(anchor)) {
          const a = pageIds.indexOf(anchor);
          const b = pageIds.indexOf(id);
          sel.setMany(pageIds.slice(Math.min(a, b), Math.max(a, b) + 1), on);
        } else {
          sel.toggle(id, on);
        }
        sel.anchor.current = id;
      }}
    />
  );
}

export function PageCheckbox({ ids, label }: { ids: readonly string[]; label: string }) {
  const sel = useSelection();
  const ref = useRef<HTMLInputElement>(null);
  const count = ids.filter((id) => sel.has(id)).length;
  const all = ids.length > 0 && count === ids.length;
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = count > 0 && !all;
  }, [count, all]);
  return (
    <input
      ref={ref}
      type="checkbox"
      className="h-3.5 w-3.5 cursor-pointer accent-blue-700"
      aria-label={label}
      checked={all}
      disabled={!ids.length}
      onChange={() => sel.setMany(ids, !all)}
    />
  );
}
