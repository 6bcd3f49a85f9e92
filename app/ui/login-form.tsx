'use client';
import { useActionState } from 'react';
import { signInAction, type SignInState } from '../actions/auth';

export function LoginForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, action, pending] = useActionState<SignInState, FormData>(signInAction, { error: null, email: '' });
  return (
    <form action={action} className="space-y-3">
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <div>
        <label htmlFor="email" className="mb-1 block text-xs font-medium text-slate-700">
          Email
        </label>
        <input id="email" name="email" type="email" autoComplete="username" required autoFocus defaultValue={state.email} className="input w-full" />
      </div>
      <div>
        <label htmlFor="password" className="mb-1 block text-xs font-medium text-slate-700">
          Password
        </label>
        <input id="password" name="password" type="password" autoComplete="current-password" required className="input w-full" />
      </div>
      {state.error && (
        <p role="alert" className="rounded border border-red-200 bg-red-50 px-2 py-1.5 text-sm text-red-800">
          {state.error}
        </p>
      )}
      <button type="submit" className="btn btn-primary w-full justify-center" disabled={pending}>
        {pending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
