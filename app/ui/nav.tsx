import Link from 'next/link';
import type { SessionUser } from '../lib/session';
import { signOutAction } from '../actions/auth';
import { NavLink } from './nav-link';

export function Nav({ user }: { user: SessionUser }) {
  return (
    <header className="sticky top-0 z-30 border-b border-slate-800 bg-slate-900 text-slate-100">
      <div className="mx-auto flex h-11 max-w-[1600px] items-center gap-6 px-4">
        <Link href="/" className="flex items-center gap-2 font-semibold text-white">
          <img src="/favicon.svg" alt="" width={18} height={18} />
          FastMigrate
        </Link>
        <nav aria-label="Main" className="flex items-center gap-1 text-sm">
          <NavLink href="/" exact>
            Matrix
          </NavLink>
          <NavLink href="/plan">Plan</NavLink>
          <NavLink href="/runs">Runs</NavLink>
          <NavLink href="/audit">Audit log</NavLink>
          {user.role === 'admin' && <NavLink href="/users">Users</NavLink>}
        </nav>
        <div className="ml-auto flex items-center gap-3 text-sm">
          <span className="text-slate-300" data-testid="signed-in-as">
            {user.email}{' '}
            <span className="ml-1 rounded bg-slate-700 px-1.5 py-0.5 text-xs font-medium text-slate-100" title="Your role">
              {user.role}
            </span>
          </span>
          <form action={signOutAction}>
            <button type="submit" className="rounded px-2 py-1 text-slate-300 hover:bg-slate-800 hover:text-white">
              Sign out
            </button>
          </form>
        </div>
      </div>
    </header>
  );
}
