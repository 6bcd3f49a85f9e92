'use server';
// Sign in and out. Sign-in is the one action without a session: Auth.js checks the password.
import { AuthError } from 'next-auth';
import { signIn, signOut, TooManyAttempts } from '@/auth';
import { lockedMessage } from '@/lib/auth/throttle';
import { signInProblem } from '../lib/sign-in-problem';

export interface SignInState {
  error: string | null;
  email: string;
}

/** Only same-site paths: never redirect a user to another site after signing in. */
function safeCallback(value: FormDataEntryValue | null): string {
  const s = typeof value === 'string' ? value : '';
  return s.startsWith('/') && !s.startsWith('//') && !s.startsWith('/\\') && !s.startsWith('/login') && !s.startsWith('/logout') && !s.startsWith('/api/') ? s : '/';
}

export async function signInAction(_prev: SignInState, form: FormData): Promise<SignInState> {
  const email = String(form.get('email') ?? '').slice(0, 320);
  try {
    await signIn('credentials', { email, password: String(form.get('password') ?? ''), redirectTo: safeCallback(form.get('callbackUrl')) });
    return { error: null, email };
  } catch (error) {
    if (error instanceof AuthError) {
      if (error instanceof TooManyAttempts) return { email, error: lockedMessage(error.retryInSeconds) };
      if (error.type === 'CredentialsSignin') return { email, error: 'Wrong email or password.' };
      return { email, error: signInProblem(error) };
    }
    throw error; // the redirect after a successful sign-in
  }
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: '/login' });
}
