// Auth.js on the server: email + password (bcrypt hashes in fastmigrate.users), sessions as signed JWTs.
import NextAuth, { CredentialsSignin } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { authConfig } from './auth.config';
import { recordAudit } from './lib/auth/audit';
import { clearSignInFailures, recordSignInFailure, signInBlockedFor, signInKeys } from './lib/auth/throttle';
import { verifyCredentials } from './lib/auth/users';
import { clientAddress } from './lib/auth/origin';
import { hostDb } from './app/lib/server/engine';

export class TooManyAttempts extends CredentialsSignin {
  code = 'throttled';
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  ...authConfig,
  providers: [
    Credentials({
      credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
      async authorize(credentials, request) {
        const email = typeof credentials?.email === 'string' ? credentials.email.trim().toLowerCase().slice(0, 320) : '';
        const password = typeof credentials?.password === 'string' ? credentials.password : '';
        if (!email || !password) return null;
        const address = clientAddress(request.headers);
        const origin = `dashboard ${address}`;
        const keys = signInKeys(email, address);
        const db = await hostDb();
        const wait = signInBlockedFor(keys);
        if (wait) {
          await recordAudit(db, { actor: email, action: 'sign-in', outcome: 'refused', detail: { reason: 'too many failed attempts', retryInSeconds: wait }, origin });
          throw new TooManyAttempts();
        }
        const user = await verifyCredentials(db, email, password);
        if (!user) {
          recordSignInFailure(keys);
          await recordAudit(db, { actor: email, action: 'sign-in', outcome: 'refused', detail: { reason: 'wrong email or password' }, origin });
          return null;
        }
        clearSignInFailures(keys);
        await recordAudit(db, { actor: user.email, action: 'sign-in', outcome: 'allowed', detail: { role: user.role }, origin });
        return { id: String(user.id), email: user.email, name: user.email, role: user.role };
      },
    }),
  ],
});
