// The session carries the user's id, role and session version (issue 3: roles; issue 12: revocation).
import type { DefaultSession } from 'next-auth';
import type { Role } from './roles';

declare module 'next-auth' {
  interface User {
    role?: Role;
    sessionVersion?: number;
  }
  interface Session {
    user: { id: string; role: Role; sessionVersion: number } & DefaultSession['user'];
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    uid?: string;
    role?: Role;
    /** The user's session version when the token was issued (fastmigrate.users.session_version). */
    sv?: number;
  }
}
