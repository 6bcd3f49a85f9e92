'use client';

export default function DashboardError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="rounded border border-red-200 bg-red-50 p-4 text-sm text-red-900">
      <h2 className="font-semibold">This page could not be shown</h2>
      <p className="mt-1">The server hit an unexpected error{error.digest ? ` (reference ${error.digest}, in the server log)` : ''}.</p>
      {/* The browser never gets the server's error text (it could hold a query); the log says what failed. */}
      <p className="mt-1">
        The server log says what failed. If it cannot reach the host database, check that PostgreSQL is running and that DATABASE_URL points at it, then try
        again.
      </p>
      <button type="button" className="btn mt-3" onClick={reset}>
        Try again
      </button>
    </div>
  );
}
