'use client';
// Re-renders the page from the server every couple of seconds while a run is going. The run log
// is the source of truth, so this survives reloads and works for runs started anywhere.
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';

export function Poller({ active, intervalMs = 1500 }: { active: boolean; intervalMs?: number }) {
  const router = useRouter();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') router.refresh();
    }, intervalMs);
    return () => clearInterval(timer);
  }, [active, intervalMs, router]);
  return active ? (
    <span className="inline-flex items-center gap-1.5 text-xs text-blue-800" role="status">
      <span className="h-2 w-2 animate-pulse rounded-full bg-blue-600" aria-hidden /> live
    </span>
  ) : null;
}
