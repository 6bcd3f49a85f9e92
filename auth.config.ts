// Auth.js settings (auth.ts). Sessions are signed, encrypted JWTs in a cookie; the proxy (proxy.ts)
// reads them with the same secret.
import type { NextAuthConfig } from 'next-auth';
import { authSecret } from './lib/auth/secret';
import { isRole } from './lib/auth/roles';
import { explainHostError } from './lib/db/host-error';
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
      // What authorize() or a callback threw is in cause.err: say what failed, never a raw query.
      const cause = (error.cause as { err?: unknown } | undefined)?.err;
      const host = explainHostError(cause ?? error);
      console.error(`[auth] ${type}: ${host ? `${host.message} — ${host.hint}` : redact(cause instanceof Error ? cause.message : error.message)}`);
    },
  },
  callbacks: {
    // auth.ts replaces this with one that also checks the session version against the database.
    jwt({ token, user }) {
      if (user) {
        token.uid = user.id;
        token.role = user.role;
        token.sv = user.sessionVersion;
      }
      return token;
    },
    session({ session, token }) {
      if (session.user) {
        session.user.id = String(token.uid ?? '');
        session.user.role = isRole(token.role) ? token.role : 'viewer';
        session.user.sessionVersion = typeof token.sv === 'number' ? token.sv : 0;
      }
      return session;
    },
  },
} satisfies NextAuthConfig;
