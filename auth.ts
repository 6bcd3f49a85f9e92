// Auth.js on the server: email + password (bcrypt hashes in fastmigrate.users), sessions as signed
// JWTs that carry the user's session version: a token whose version is no longer the user's
// (signed out, password reset, role changed) is refused and never renewed.
import NextAuth, { CredentialsSignin } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { authConfig } from './auth.config';
import { clientAddress, requestPeer } from './lib/auth/origin';
import { checkSession } from './lib/auth/sessions';
import { signInWithPassword } from './lib/auth/sign-in';
import { endSessions } from './lib/auth/users';
import { problemOf } from './lib/engine';
import { hostDb } from './app/lib/server/engine';

export class TooManyAttempts extends CredentialsSignin {
  code = 'throttled';
  constructor(readonly retryInSeconds: number) {
    super();
  }
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  ...authConfig,
  callbacks: {
    ...authConfig.callbacks,
    async jwt({ token, user }) {
      if (user) {
        token.uid = user.id;
        token.role = user.role;
        token.sv = user.sessionVersion;
        return token;
      }
      // Every use of a session (pages, actions, GET /api/auth/session) comes through here.
      try {
        const verdict = await checkSession(await hostDb(), token);
        return verdict.valid ? token : null;
      } catch (error) {
        // The host database cannot be read: keep the session (signing everybody out because the
        // database blinked helps no one); every page and action that needs the database says so,
        // and the version is checked again once it is back.
        console.error(`[auth] could not check a session: ${problemOf(error).problem.message}`);
        return token;
      }
    },
  },
  events: {
    // Signing out ends every session of the user: the cookie alone could be replayed.
    async signOut(message) {
      const uid = 'token' in message ? Number(message.token?.uid) : NaN;
      if (Number.isInteger(uid) && uid > 0) await endSessions(await hostDb(), uid);
    },
  },
  providers: [
    Credentials({
      credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
      async authorize(credentials, request) {
        const email = typeof credentials?.email === 'string' ? credentials.email.trim().toLowerCase().slice(0, 320) : '';
        const password = typeof credentials?.password === 'string' ? credentials.password : '';
        if (!email || !password) return null;
        const address = clientAddress(request.headers, requestPeer(request.headers));
        const outcome = await signInWithPassword(await hostDb(), { email, password, address });
        if (outcome.ok) {
          const { user } = outcome;
          return { id: String(user.id), email: user.email, name: user.email, role: user.role, sessionVersion: user.sessionVersion };
        }
        if (outcome.reason === 'locked') throw new TooManyAttempts(outcome.retryInSeconds);
        return null;
      },
    }),
  ],
});
