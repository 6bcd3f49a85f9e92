'use client';
// Accept an edited applied file on purpose (admin only): a new history row, no SQL runs.
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { repairAction } from '../actions/records';

export function RepairForm({ id, version, file }: { id: string; version: number; file: string }) {
  const router = useRouter();
  const [reason, setReason] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="space-y-2 text-sm"
      aria-label={`Repair version ${version}`}
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        const result = await repairAction({ id, version, reason, confirmed });
        setBusy(false);
        if (!result.ok) setError(result.error);
        else router.push(`/runs/${result.data.runId}`);
      }}
    >
      <p>
        Accept <span className="mono">{file}</span> as it is now for version {version}.
      </p>
      <label className="block">
        <span className="text-slate-600">Why (kept in the history and the audit log)</span>
        <input className="input mt-1 w-full" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} required />
      </label>
      <label className="flex items-center gap-2">
        <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} />
        Nothing will be executed: only a history row is added.
      </label>
      <button type="submit" className="btn btn-primary" disabled={busy || !confirmed || !reason.trim()}>
        Accept the edited file
      </button>
      {error && (
        <p role="alert" className="text-red-700">
          {error}
        </p>
      )}
    </form>
  );
}
