// Auth.js settings (auth.ts). Sessions are signed, encrypted JWTs in a cookie; the proxy (proxy.ts)
// reads them with the same secret.
import type { NextAuthConfig } from 'next-auth';
import { authSecret } from './lib/auth/secret';
import { isRole } from './lib/auth/roles';
import { redact } from './lib/util/redact';

export const SESSION_MAX_AGE_S = 8 * 60 * 60;

export const authConfig = {
  pages: { signIn: '/login' },
  session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_S },
  // Self-hosted behind the operator's own proxy: the Host header is trusted (set AUTH_URL to pin it).
  trustHost: true,
  secret: authSecret(),
  providers: [],
  // A wrong password is expected (and in the audit log), not a server error worth a stack trace.
  logger: {
    error(error) {
      const type = (error as Error & { type?: string }).type ?? error.name;
      if (type === 'CredentialsSignin') return;
      console.error(`[auth] ${type}: ${redact(error.message)}`);
    },
  },
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.uid = user.id;
        token.role = user.role;
      }
      return token;
    },
    session({ session, token }) {
      if (session.user) {
        session.user.id = String(token.uid ?? '');
        session.user.role = isRole(token.role) ? token.role : 'viewer';
      }
      return session;
    },
  },
} satisfies NextAuthConfig;
