import type { RunCounts } from '@/lib/engine';

const ORDER: Array<[keyof RunCounts, string, string]> = [
  ['applied', 'bg-emerald-500', 'applied'],
  ['skipped', 'bg-slate-300', 'unchanged'],
  ['failed', 'bg-red-600', 'failed'],
  ['running', 'bg-blue-500', 'running'],
  ['queued', 'bg-slate-100', 'queued'],
];

export function RunProgress({ counts, wide }: { counts: RunCounts; wide?: boolean }) {
  const total = Object.values(counts).reduce((a, b) => a + b, 0) || 1;
  const label = ORDER.filter(([k]) => counts[k]).map(([k, , word]) => `${counts[k]} ${word}`).join(', ');
  return (
    <div className={wide ? 'w-full' : 'w-40'}>
      <div className={`flex overflow-hidden rounded-sm border border-slate-300 ${wide ? 'h-3' : 'h-2'}`} role="img" aria-label={label || 'no databases'}>
        {ORDER.map(([k, cls]) => (counts[k] ? <div key={k} className={cls} style={{ width: `${(counts[k] / total) * 100}%` }} /> : null))}
      </div>
      {wide && <p className="mt-1 text-xs text-slate-600">{label}</p>}
    </div>
  );
}
