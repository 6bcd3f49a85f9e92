'use client';
// States what will happen to how many databases before anything runs. Rollbacks warn about data.
import { useEffect, useRef, useState } from 'react';
import type { PreviewDatabase } from '@/lib/views/plan-types';

interface Props {
  description: string;
  rollback: boolean;
  databases: PreviewDatabase[];
  totalSteps: number;
  leftOut: number;
  /** What a rehearsal of this plan found, if one ran. */
  rehearsal: { succeeded: number; failed: number; other: number } | null;
  busy: boolean;
  onCancel: () => void;
  onConfirm: () => void;
}

export function ConfirmDialog({ description, rollback, databases, totalSteps, leftOut, rehearsal, busy, onCancel, onConfirm }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const [understood, setUnderstood] = useState(false);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  const count = databases.length;
  const noun = `${count.toLocaleString('en-US')} database${count === 1 ? '' : 's'}`;
  const hostIncluded = databases.some((d) => d.kind === 'host');

  return (
    <dialog
      ref={ref}
      aria-labelledby="confirm-title"
      aria-describedby="confirm-body"
      className="m-auto w-full max-w-lg rounded border border-slate-300 p-0 shadow-xl backdrop:bg-slate-900/50"
      onCancel={(e) => {
        e.preventDefault();
        if (!busy) onCancel();
      }}
      data-testid="confirm-dialog"
    >
      <div className="p-4">
        <h2 id="confirm-title" className="text-base font-semibold">
          {rollback ? 'Roll back' : 'Migrate'} {noun}?
        </h2>
        <div id="confirm-body" className="mt-2 space-y-2 text-sm">
          <p>
            This will <b>{description}</b> on <b>{noun}</b>
            {hostIncluded ? ' (including the host database)' : ''}: <b>{totalSteps.toLocaleString('en-US')}</b> {rollback ? 'DOWN' : 'UP'} step{totalSteps === 1 ? '' : 's'} in all, each
            migration in its own transaction, under each database’s migration lock.
          </p>
          {leftOut > 0 && <p className="text-slate-600">{leftOut.toLocaleString('en-US')} other selected database{leftOut === 1 ? ' has' : 's have'} nothing to do, or cannot run (refused or unreachable), and {leftOut === 1 ? 'is' : 'are'} left out.</p>}
          {rehearsal ? (
            <p className={rehearsal.failed ? 'rounded border border-red-300 bg-red-50 p-2 text-red-900' : 'text-slate-700'}>
              Rehearsal: {rehearsal.succeeded} would succeed{rehearsal.failed ? `, ${rehearsal.failed} would fail` : ''}
              {rehearsal.other ? `, ${rehearsal.other} not (fully) rehearsed` : ''}.{rehearsal.failed ? ' Those will fail again and stop at the failing migration.' : ''}
            </p>
          ) : (
            <p className="text-slate-600">This plan was not rehearsed.</p>
          )}
          <p className="text-slate-600">The run starts now and continues on the server if you leave the page; you can follow it on its run page.</p>
          {rollback && (
            <div className="rounded border border-red-300 bg-red-50 p-2 text-red-900" role="alert">
              <p>
                <b>Rolling back runs the DOWN sections. They may drop tables and columns: the data in them is destroyed and is not brought back by migrating up again.</b>{' '}
                Make sure you have a backup.
              </p>
              <label className="mt-2 flex items-center gap-2">
                <input type="checkbox" checked={understood} onChange={(e) => setUnderstood(e.target.checked)} className="accent-red-700" />I understand that data may be lost
              </label>
            </div>
          )}
          <ul className="max-h-32 overflow-y-auto rounded border border-slate-200 px-2 py-1 text-xs text-slate-600">
            {databases.slice(0, 500).map((d) => (
              <li key={d.id}>
                {d.kind === 'host' ? 'host' : d.id}: {d.current} → {d.target} ({d.steps} step{d.steps === 1 ? '' : 's'})
              </li>
            ))}
            {databases.length > 500 && <li>… and {databases.length - 500} more</li>}
          </ul>
        </div>
      </div>
      <div className="flex justify-end gap-2 border-t border-slate-200 bg-slate-50 px-4 py-3">
        <button type="button" className="btn" onClick={onCancel} disabled={busy} autoFocus>
          Cancel
        </button>
        <button type="button" className={`btn ${rollback ? 'btn-danger' : 'btn-primary'}`} onClick={onConfirm} disabled={busy || (rollback && !understood)} data-testid="confirm-button">
          {busy ? 'Starting…' : `${rollback ? 'Roll back' : 'Migrate'} ${noun}`}
        </button>
      </div>
    </dialog>
  );
}
