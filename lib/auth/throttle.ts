// Sign-in throttling policy (pure; the counts live in the host database: ./lockout.ts). Failed
// sign-ins are counted per account (whatever the address, so rotating addresses does not help) and
// per client address (so one address cannot try many accounts). A key that reaches its limit within
// the window is locked for LOCK_MS: attempts are refused without checking the password.
import net from 'node:net';

export const WINDOW_MS = 15 * 60_000;
export const LOCK_MS = 15 * 60_000;

export const ACCOUNT_MAX_FAILURES = 10;
export const ADDRESS_MAX_FAILURES = 30;

export type ThrottleKind = 'account' | 'address';

export interface ThrottleKey {
  key: string;
  kind: ThrottleKind;
  /** Failures within the window after which the key is locked. */
  max: number;
}

export function accountKey(email: string): ThrottleKey {
  return { key: `account:${email.trim().toLowerCase()}`, kind: 'account', max: ACCOUNT_MAX_FAILURES };
}

export function addressKey(address: string): ThrottleKey {
  return { key: `address:${addressGroup(address)}`, kind: 'address', max: ADDRESS_MAX_FAILURES };
}

/** The keys for a sign-in attempt: the account, and the address it came from. */
export function signInKeys(email: string, address: string): ThrottleKey[] {
  return [accountKey(email), addressKey(address)];
}

/**
 * IPv6 addresses count per /64: one host commonly holds a whole /64 and could otherwise rotate
 * through 2^64 addresses.
 */
export function addressGroup(address: string): string {
  if (net.isIP(address) !== 6) return address;
  const groups = expandIpv6(address.toLowerCase().replace(/%.*$/, ''));
  return `${groups.slice(0, 4).join(':')}::/64`;
}

function expandIpv6(address: string): string[] {
  const [head, tail = ''] = address.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  if (t.length && t[t.length - 1].includes('.')) t.splice(-1, 1, '0', '0'); // embedded IPv4: only the first 64 bits matter
  const fill = address.includes('::') ? Array(8 - h.length - t.length).fill('0') : [];
  return [...h, ...fill, ...t].map((g) => (parseInt(g, 16) || 0).toString(16));
}

/** What a person sees while a key is locked. */
export function lockedMessage(retryInSeconds: number): string {
  const minutes = Math.max(1, Math.ceil(retryInSeconds / 60));
  return `Too many failed attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}, or ask an admin to unlock your account.`;
}
