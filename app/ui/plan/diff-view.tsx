import type { DiffView as Diff } from '@/lib/views/plan-types';

const short = (name: string) => name.replace(/^public\./, '');

export function diffIsEmpty(d: Diff): boolean {
  return !d.added.length && !d.removed.length && !d.changed.length;
}

export function DiffView({ diff }: { diff: Diff }) {
  if (diffIsEmpty(diff)) return <p className="text-xs text-slate-500">No change to tables, columns, indexes, constraints, triggers or functions.</p>;
  return (
    <ul className="space-y-0.5 font-mono text-[12px]" data-testid="schema-diff">
      {diff.added.map((o) => (
        <li key={`a${o.kind}${o.name}`}>
          <span className="font-semibold text-emerald-700">+ {o.kind}</span> <b>{short(o.name)}</b> <span className="text-slate-500">{o.kind === 'table' ? '' : o.definition}</span>
          {o.children.length > 0 && (
            <ul className="ml-6 text-slate-600">
              {o.children.map((c) => (
                <li key={c.kind + c.name}>
                  <span className="text-emerald-700">+ {c.kind}</span> {short(c.name).replace(`${short(o.name)}.`, '')} <span className="text-slate-500">{c.definition}</span>
                </li>
              ))}
            </ul>
          )}
        </li>
      ))}
      {diff.changed.map((o) => (
        <li key={`c${o.kind}${o.name}`}>
          <span className="font-semibold text-amber-700">~ {o.kind}</span> <b>{short(o.name)}</b>: <span className="text-slate-500 line-through decoration-slate-400">{o.before}</span> → <span>{o.after}</span>
        </li>
      ))}
      {diff.removed.map((o) => (
        <li key={`r${o.kind}${o.name}`}>
          <span className="font-semibold text-red-700">− {o.kind}</span> <b>{short(o.name)}</b> <span className="text-slate-500">{o.kind === 'table' ? '' : o.definition}</span>
          {o.children.length > 0 && <span className="text-slate-500"> (with {o.children.length} column{o.children.length === 1 ? '' : 's'}, indexes and constraints)</span>}
        </li>
      ))}
    </ul>
  );
}
