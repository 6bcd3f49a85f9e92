'use client';
// Which action to plan: migrate to latest / to N, roll back N steps / to N.
import { ACTION_LABELS, needsNumber, type RequestKind } from '@/lib/views/plan-types';


export function ActionPicker({
  kind,
  n,
  onChange,
  idPrefix,
}: {
  kind: RequestKind;
  n: number;
  onChange: (kind: RequestKind, n: number) => void;
  idPrefix: string;
}) {
  return (
    <div className="flex items-end gap-2">
      <div>
        <label htmlFor={`${idPrefix}-action`} className="mb-0.5 block text-xs font-medium text-slate-600">
          Action
        </label>
        <select id={`${idPrefix}-action`} className="input" value={kind} onChange={(e) => onChange(e.target.value as RequestKind, n)}>
          {(Object.keys(ACTION_LABELS) as RequestKind[]).map((k) => (
            <option key={k} value={k}>
              {ACTION_LABELS[k]}
            </option>
          ))}
        </select>
      </div>
      {needsNumber(kind) && (
        <div>
          <label htmlFor={`${idPrefix}-n`} className="mb-0.5 block text-xs font-medium text-slate-600">
            {kind === 'rollback-steps' ? 'Steps' : 'Version'}
          </label>
          <input
            id={`${idPrefix}-n`}
            type="number"
            min={kind === 'rollback-steps' ? 1 : 0}
            step={1}
            className="input w-24"
            value={Number.isFinite(n) ? n : ''}
            onChange={(e) => onChange(kind, e.target.valueAsNumber)}
          />
        </div>
      )}
    </div>
  );
}
