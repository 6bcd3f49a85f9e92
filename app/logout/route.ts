// Clears the cookie of a session that has ended or whose account is gone (pages cannot clear
// cookies; a route handler can), and says which on the sign-in page. It ends nothing by itself: a
// GET must not (a link on another site could sign a user out everywhere); signing out is the POST
// of the sign-out button.
import { NextResponse, type NextRequest } from 'next/server';
import { getToken } from 'next-auth/jwt';
import { authSecret } from '@/lib/auth/secret';
import { checkSession } from '@/lib/auth/sessions';
import { hostDb } from '@/app/lib/server/engine';

const SESSION_COOKIE = /^(__Secure-)?authjs\.session-token(\.\d+)?$/;

export async function GET(req: NextRequest) {
  const res = NextResponse.redirect(new URL(`/login?reason=${await reasonFor(req)}`, req.nextUrl));
  for (const { name } of req.cookies.getAll()) {
    if (SESSION_COOKIE.test(name)) res.cookies.set(name, '', { path: '/', maxAge: 0 });
  }
  return res;
}

async function reasonFor(req: NextRequest): Promise<'account' | 'ended'> {
  const asked = req.nextUrl.searchParams.get('reason');
  if (asked === 'account' || asked === 'ended') return asked;
  try {
    const secret = authSecret();
    const token = (await getToken({ req, secret, secureCookie: true })) ?? (await getToken({ req, secret, secureCookie: false }));
    if (!token) return 'ended';
    const verdict = await checkSession(await hostDb(), token);
    return !verdict.valid && verdict.reason === 'deleted' ? 'account' : 'ended';
  } catch {
    return 'ended'; // cannot tell (the host database is down): the generic words are still true
  }
}
