// How the dashboard shows a Problem (lib/problem.ts): what, where, the SQLSTATE and the fix.
import { fileLocation, problemOf, type Problem as ProblemData } from '@/lib/engine';

const TITLES: Partial<Record<ProblemData['kind'], string>> = {
  file: 'The migration files have problems',
  config: 'Cannot read the databases',
  unreachable: 'Cannot reach the host database',
  'auth-failed': 'Cannot sign in to the host database',
  usage: 'This cannot be done',
};

/** One problem, inline: `[23505] message (tenant/003_x.sql:7)` and its fix. */
export function ProblemText({ problem, className = '' }: { problem: ProblemData; className?: string }) {
  const where = fileLocation(problem);
  return (
    <div className={`text-xs whitespace-pre-wrap text-red-900 ${className}`}>
      {problem.sqlstate && <span className="mono mr-1 rounded bg-red-100 px-1">{problem.sqlstate}</span>}
      {problem.version !== null && <span className="mr-1 text-slate-600">at version {problem.version}:</span>}
      {problem.message}
      {where && <span className="mono ml-1 text-slate-600">({where})</span>}
      {problem.hint && (
        <p className="mt-0.5 text-slate-700">
          <span className="font-medium">Fix:</span> {problem.hint}
        </p>
      )}
    </div>
  );
}

/** A page that could not be shown: the error as a Problem, never a stack, password or raw query. */
export function Problem({ error }: { error: unknown }) {
  const { problem, details } = problemOf(error);
  if (problem.kind === 'internal') console.error(`fastmigrate dashboard: ${problem.message}`);
  const title = problem.database === 'host' ? 'The host database cannot be used' : (TITLES[problem.kind] ?? 'Something went wrong');
  return (
    <div role="alert" className="rounded border border-red-200 bg-red-50 p-4 text-sm text-red-900">
      <h2 className="font-semibold">{title}</h2>
      <p className="mt-1 whitespace-pre-wrap">
        {problem.message}
        {problem.kind === 'file' && ': nothing can be planned or run until they are fixed.'}
      </p>
      {problem.hint && (
        <p className="mt-1">
          <span className="font-medium">Fix:</span> {problem.hint}
        </p>
      )}
      {details.length > 0 && (
        <ul className="mono mt-2 list-disc space-y-0.5 pl-5">
          {details.map((d, i) => (
            <li key={i}>
              {fileLocation(d) ? `${fileLocation(d)}: ` : ''}
              {d.message}
              {d.hint ? ` — fix: ${d.hint}` : ''}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
