'use client';
import { useRouter } from 'next/navigation';
import { useTransition } from 'react';
import { refreshStatusAction } from '../../actions/plan';

export function RefreshButton() {
  const router = useRouter();
  const [pending, start] = useTransition();
  return (
    <button
      type="button"
      className="btn btn-sm"
      disabled={pending}
      onClick={() =>
        start(async () => {
          await refreshStatusAction(null);
          router.refresh();
        })
      }
    >
      {pending ? 'Reading every database…' : 'Refresh'}
    </button>
  );
}
