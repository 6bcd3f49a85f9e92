// Every page needs a session: requests without a valid one are sent to /login. (Pages and server
// actions check again themselves; this is the first line, not the only one.)
//
// The session cookie is only read here, never re-issued: Auth.js's own proxy wrapper refreshes it on
// every request, and a prefetch in flight while the user signs out would then bring it back.
import { NextResponse, type NextRequest } from 'next/server';
import { getToken } from 'next-auth/jwt';
import { authSecret } from './lib/auth/secret';

const secret = authSecret();

async function hasSession(req: NextRequest): Promise<boolean> {
  for (const secureCookie of [true, false]) {
    const token = await getToken({ req, secret, secureCookie, logger: { error() {}, warn() {}, debug() {} } as unknown as Console });
    if (token?.uid) return true;
  }
  return false;
}

export default async function proxy(req: NextRequest) {
  const signedIn = await hasSession(req);
  const { pathname, search } = req.nextUrl;
  if (pathname === '/login') return signedIn ? NextResponse.redirect(new URL('/', req.nextUrl)) : NextResponse.next();
  if (signedIn) return NextResponse.next();
  const login = new URL('/login', req.nextUrl);
  login.searchParams.set('callbackUrl', pathname + search);
  return NextResponse.redirect(login);
}

export const config = {
  matcher: ['/((?!api/auth|_next/static|_next/image|favicon.ico|favicon.svg|robots.txt).*)'],
};
