import type { Metadata } from 'next';
import { LoginForm } from '../ui/login-form';

export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = typeof params.callbackUrl === 'string' ? params.callbackUrl : '/';
  // Auth.js may hand us an absolute URL of this site: keep only its path.
  let path = '/';
  try {
    const u = new URL(callbackUrl, 'http://x');
    path = u.pathname + u.search;
  } catch {}
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm">
        <div className="mb-5 flex items-center gap-2">
          <img src="/favicon.svg" alt="" width={22} height={22} />
          <h1 className="text-lg font-semibold">FastMigrate</h1>
        </div>
        <div className="panel p-5 shadow-sm">
          <h2 className="mb-4 text-base font-semibold">Sign in</h2>
          {(params.reason === 'account' || params.reason === 'ended') && (
            <p role="status" className="mb-3 rounded border border-amber-200 bg-amber-50 px-2 py-1.5 text-sm text-amber-900">
              {params.reason === 'account'
                ? 'Your account no longer exists: you have been signed out.'
                : 'Your session has ended (you signed out, or your password or role was changed): sign in again.'}
            </p>
          )}
          <LoginForm callbackUrl={path} />
        </div>
        <p className="mt-4 text-xs text-slate-500">
          Accounts are created by an admin, or with <code className="mono">npx fastmigrate user add &lt;email&gt; --role viewer|operator|admin</code>.
        </p>
      </div>
    </main>
  );
}
