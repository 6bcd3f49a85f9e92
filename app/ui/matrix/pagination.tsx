import Link from 'next/link';
import { matrixQueryString, type MatrixQuery } from '@/lib/views/matrix';

export function Pagination({ query, page, pages, total }: { query: MatrixQuery; page: number; pages: number; total: number }) {
  if (pages <= 1) return <p className="text-xs text-slate-500">{total.toLocaleString('en-US')} tenants</p>;
  const from = (page - 1) * query.size + 1;
  const to = Math.min(total, page * query.size);
  const href = (p: number) => `/${matrixQueryString(query, { page: p })}`;
  const near = [...new Set([1, page - 2, page - 1, page, page + 1, page + 2, pages])].filter((p) => p >= 1 && p <= pages).sort((a, b) => a - b);
  return (
    <nav aria-label="Pages" className="flex flex-wrap items-center gap-1 text-sm">
      <span className="mr-2 text-xs text-slate-500">
        {from.toLocaleString('en-US')}–{to.toLocaleString('en-US')} of {total.toLocaleString('en-US')}
      </span>
      {page > 1 ? (
        <Link prefetch={false} className="btn btn-sm" href={href(page - 1)} rel="prev">
          ← Previous
        </Link>
      ) : (
        <span className="btn btn-sm opacity-40">← Previous</span>
      )}
      {near.map((p, i) => (
        <span key={p} className="flex items-center">
          {i > 0 && near[i - 1] !== p - 1 && <span className="px-1 text-slate-400">…</span>}
          <Link prefetch={false} href={href(p)} aria-current={p === page ? 'page' : undefined} className={`btn btn-sm ${p === page ? 'btn-primary' : ''}`}>
            {p}
          </Link>
        </span>
      ))}
      {page < pages ? (
        <Link prefetch={false} className="btn btn-sm" href={href(page + 1)} rel="next">
          Next →
        </Link>
      ) : (
        <span className="btn btn-sm opacity-40">Next →</span>
      )}
    </nav>
  );
}
