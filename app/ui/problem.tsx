import { problemOf } from '../lib/errors';

export function Problem({ error }: { error: unknown }) {
  const p = problemOf(error);
  return (
    <div role="alert" className="rounded border border-red-200 bg-red-50 p-4 text-sm text-red-900">
      <h2 className="font-semibold">{p.title}</h2>
      <p className="mt-1 whitespace-pre-wrap">{p.message}</p>
      {p.hint && (
        <p className="mt-1">
          <span className="font-medium">Fix:</span> {p.hint}
        </p>
      )}
      {p.details.length > 0 && (
        <ul className="mono mt-2 list-disc space-y-0.5 pl-5">
          {p.details.map((d) => (
            <li key={d}>{d}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
