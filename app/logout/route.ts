// Clears the cookie of a session that has ended or whose account is gone (pages cannot clear
// cookies; a route handler can). It ends nothing by itself: a GET must not (a link on another site
// could sign a user out everywhere); signing out is the POST of the sign-out button.
import { NextResponse, type NextRequest } from 'next/server';

export function GET(req: NextRequest) {
  const reason = req.nextUrl.searchParams.get('reason') === 'account' ? 'account' : 'ended';
  const res = NextResponse.redirect(new URL(`/login?reason=${reason}`, req.nextUrl));
  for (const { name } of req.cookies.getAll()) {
    if (/^(__Secure-)?authjs\.session-token(\.\d+)?$/.test(name)) res.cookies.set(name, '', { path: '/', maxAge: 0 });
  }
  return res;
}
