import type { DatabaseState } from '@/lib/engine';

const STATE_STYLE: Record<DatabaseState, string> = {
  'up-to-date': 'bg-emerald-50 text-emerald-800 ring-emerald-200',
  behind: 'bg-amber-50 text-amber-800 ring-amber-300',
  failed: 'bg-red-50 text-red-800 ring-red-300',
  unreachable: 'bg-slate-100 text-slate-700 ring-slate-300',
  'checksum-mismatch': 'bg-purple-50 text-purple-800 ring-purple-300',
};

const STATE_TEXT: Record<DatabaseState, string> = {
  'up-to-date': 'up to date',
  behind: 'behind',
  failed: 'failed',
  unreachable: 'unreachable',
  'checksum-mismatch': 'checksum mismatch',
};

export function StateBadge({ state, title }: { state: DatabaseState; title?: string }) {
  return (
    <span title={title} className={`inline-block rounded px-1.5 py-px text-xs font-medium whitespace-nowrap ring-1 ring-inset ${STATE_STYLE[state]}`}>
      {STATE_TEXT[state]}
    </span>
  );
}

const RUN_STYLE: Record<string, string> = {
  queued: 'bg-slate-100 text-slate-700 ring-slate-300',
  running: 'bg-blue-50 text-blue-800 ring-blue-300',
  applied: 'bg-emerald-50 text-emerald-800 ring-emerald-200',
  skipped: 'bg-slate-50 text-slate-600 ring-slate-200',
  failed: 'bg-red-50 text-red-800 ring-red-300',
  succeeded: 'bg-emerald-50 text-emerald-800 ring-emerald-200',
  allowed: 'bg-emerald-50 text-emerald-800 ring-emerald-200',
  refused: 'bg-red-50 text-red-800 ring-red-300',
};

export function StatusBadge({ status, label }: { status: string; label?: string }) {
  return (
    <span className={`inline-block rounded px-1.5 py-px text-xs font-medium whitespace-nowrap ring-1 ring-inset ${RUN_STYLE[status] ?? RUN_STYLE.queued}`}>
      {label ?? status}
    </span>
  );
}

export function RoleBadge({ role }: { role: string }) {
  return <span className="rounded bg-slate-100 px-1.5 py-px text-xs font-medium text-slate-700 ring-1 ring-slate-200 ring-inset">{role}</span>;
}
