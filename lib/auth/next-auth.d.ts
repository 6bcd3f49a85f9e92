// The session carries the user's id and role (issue 3: roles viewer, operator, admin).
import type { DefaultSession } from 'next-auth';
import type { Role } from './roles';

declare module 'next-auth' {
  interface User {
    role?: Role;
  }
  interface Session {
    user: { id: string; role: Role } & DefaultSession['user'];
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    uid?: string;
    role?: Role;
  }
}
