// Formatting shared by server and client components. Times are shown in UTC, like the CLI.

export function formatTime(value: Date | string | number | null | undefined): string {
  if (value === null || value === undefined) return '–';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return '–';
  return d.toISOString().replace('T', ' ').slice(0, 19);
}

export function ago(value: Date | string | number | null | undefined, now = Date.now()): string {
  if (value === null || value === undefined) return '';
  const s = Math.round((now - new Date(value).getTime()) / 1000);
  if (s < 5) return 'just now';
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} d ago`;
}

export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const m = Math.floor(ms / 60_000);
  const rest = Math.round((ms % 60_000) / 1000);
  return rest ? `${m} min ${rest} s` : `${m} min`;
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? word : many}`;
}
