// Ends a session whose account is gone (pages cannot clear cookies; a route handler can).
import { NextResponse, type NextRequest } from 'next/server';

export function GET(req: NextRequest) {
  const res = NextResponse.redirect(new URL('/login?reason=account', req.nextUrl));
  for (const { name } of req.cookies.getAll()) {
    if (/^(__Secure-)?authjs\.session-token(\.\d+)?$/.test(name)) res.cookies.set(name, '', { path: '/', maxAge: 0 });
  }
  return res;
}
