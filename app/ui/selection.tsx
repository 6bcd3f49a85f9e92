'use client';
// The set of selected databases (ids; "host" for the host database), shared by the matrix and the
// plan page. Kept for the browser tab in sessionStorage, so a reload does not lose it.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';

const STORAGE_KEY = 'fastmigrate.selection.v1';

interface SelectionApi {
  selected: ReadonlySet<string>;
  has: (id: string) => boolean;
  toggle: (id: string, on?: boolean) => void;
  setMany: (ids: readonly string[], on: boolean) => void;
  replace: (ids: readonly string[]) => void;
  clear: () => void;
  /** The last id toggled by a click, for shift-click ranges. */
  anchor: React.RefObject<string | null>;
  ready: boolean;
}

const SelectionContext = createContext<SelectionApi | null>(null);

export function SelectionProvider({ children }: { children: React.ReactNode }) {
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set());
  const [ready, setReady] = useState(false);
  const anchor = useRef<string | null>(null);

  useEffect(() => {
    try {
      const stored = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? '[]');
      if (Array.isArray(stored)) setSelected(new Set(stored.filter((v): v is string => typeof v === 'string')));
    } catch {}
    setReady(true);
  }, []);

  useEffect(() => {
    if (!ready) return;
    try {
      sessionStorage.setItem(STORAGE_KEY, JSON.stringify([...selected]));
    } catch {}
  }, [selected, ready]);

  const toggle = useCallback((id: string, on?: boolean) => {
    setSelected((prev) => {
      const next = new Set(prev);
      if (on ?? !prev.has(id)) next.add(id);
      else next.delete(id);
      return next;
    });
  }, []);
  const setMany = useCallback((ids: readonly string[], on: boolean) => {
    setSelected((prev) => {
      const next = new Set(prev);
      for (const id of ids) {
        if (on) next.add(id);
        else next.delete(id);
      }
      return next;
    });
  }, []);
  const replace = useCallback((ids: readonly string[]) => setSelected(new Set(ids)), []);
  const clear = useCallback(() => setSelected(new Set()), []);

  const api = useMemo<SelectionApi>(
    () => ({ selected, has: (id) => selected.has(id), toggle, setMany, replace, clear, anchor, ready }),
    [selected, toggle, setMany, replace, clear, ready],
  );
  return <SelectionContext.Provider value={api}>{children}</SelectionContext.Provider>;
}

export function useSelection(): SelectionApi {
  const api = useContext(SelectionContext);
  if (!api) throw new Error('useSelection outside SelectionProvider');
  return api;
}
