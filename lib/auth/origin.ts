// Where a request came from, for sign-in throttling and the audit log: the address of the socket,
// or — only when that socket is a proxy the operator trusts (FASTMIGRATE_TRUSTED_PROXIES) — the
// right-most address in X-Forwarded-For that is not a trusted proxy. The client writes the rest of
// that header, so nothing to its left is ever believed.
import net from 'node:net';

/**
 * The header our own HTTP server (app/lib/server/http-server.mjs) sets to the socket's address on every
 * request, replacing whatever the client sent. Next.js hides the socket from route handlers and
 * server actions, and `next start` fills X-Forwarded-For from the socket only when the client sent
 * none, so this header is the only way the socket's address reaches the app.
 */
export const PEER_HEADER = 'x-fastmigrate-peer';

/** Set on globalThis by app/lib/server/http-server.mjs: only then is PEER_HEADER ours and not the client's. */
const PEER_STAMPED = Symbol.for('fastmigrate.peerHeader');

export function peerHeaderIsStamped(): boolean {
  return (globalThis as Record<symbol, unknown>)[PEER_STAMPED] === true;
}

export class TrustedProxiesError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'TrustedProxiesError';
  }
}

export interface TrustedProxies {
  has(address: string): boolean;
  /** As configured, for messages. */
  readonly entries: readonly string[];
}

/** `FASTMIGRATE_TRUSTED_PROXIES`: comma- or space-separated addresses and CIDRs (`10.0.0.0/8`, `::1`). */
export function parseTrustedProxies(value: string | undefined): TrustedProxies {
  const list = new net.BlockList();
  const entries = (value ?? '').split(/[\s,]+/).filter(Boolean);
  for (const entry of entries) {
    const [address, bits, extra] = entry.split('/');
    const family = net.isIP(address);
    const prefix = bits === undefined ? null : /^\d{1,3}$/.test(bits) ? Number(bits) : NaN;
    const max = family === 6 ? 128 : 32;
    if (!family || extra !== undefined || (prefix !== null && !(prefix >= 0 && prefix <= max))) {
      throw new TrustedProxiesError(
        `FASTMIGRATE_TRUSTED_PROXIES: ${JSON.stringify(entry)} is not an IP address or CIDR`,
        'list the addresses of your reverse proxies, e.g. FASTMIGRATE_TRUSTED_PROXIES=127.0.0.1,10.0.0.0/8,::1',
      );
    }
    const type = family === 6 ? 'ipv6' : 'ipv4';
    if (prefix === null) list.addAddress(address, type);
    else list.addSubnet(address, prefix, type);
  }
  return {
    entries,
    has: (address) => {
      const family = net.isIP(address);
      // An IPv4-mapped IPv6 address (::ffff:10.0.0.1) matches IPv4 rules too.
      return !!family && list.check(address, family === 6 ? 'ipv6' : 'ipv4');
    },
  };
}

export interface RequestPeer {
  /** The socket's address, when our server reported it; null when the app runs under plain `next start`/`next dev`. */
  socket: string | null;
  trusted: TrustedProxies;
}

/**
 * The client's address. Without a trusted proxy in front, the socket's address and nothing else.
 * Without our server (plain `next start`), the right-most X-Forwarded-For entry: Next.js writes it
 * from the socket when the client sent none, but a client can send one, so only the per-account
 * limit holds there; the README says to start the dashboard with `npm start`.
 */
export function clientAddress(headers: Headers, peer: RequestPeer): string {
  const forwarded = (headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  let address: string | undefined;
  if (peer.socket) {
    // Walk from the socket leftwards through the proxies we trust; the first hop we do not trust is the client.
    const hops = [peer.socket, ...forwarded.reverse()];
    address = hops.find((hop) => !peer.trusted.has(normalise(hop))) ?? hops[hops.length - 1];
  } else {
    address = forwarded[forwarded.length - 1] ?? headers.get('x-real-ip')?.trim();
  }
  if (!address) return 'unknown';
  const normal = normalise(address);
  // Addresses only: never let a header smuggle arbitrary text into the log or the throttle.
  return net.isIP(normal) ? normal : 'invalid-address';
}

/** `::ffff:10.0.0.1` → `10.0.0.1`; `[::1]` → `::1`. */
function normalise(address: string): string {
  const unbracketed = address.replace(/^\[(.*)\]$/, '$1');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(unbracketed);
  return mapped ? mapped[1] : unbracketed;
}

/** The peer of the current process's requests: the stamped socket address and the configured proxies. */
export function requestPeer(headers: Headers, env: NodeJS.ProcessEnv = process.env): RequestPeer {
  return { socket: peerHeaderIsStamped() ? headers.get(PEER_HEADER) : null, trusted: trustedProxiesFromEnv(env) };
}

let cached: { value: string | undefined; proxies: TrustedProxies } | null = null;

function trustedProxiesFromEnv(env: NodeJS.ProcessEnv): TrustedProxies {
  const value = env.FASTMIGRATE_TRUSTED_PROXIES;
  if (!cached || cached.value !== value) cached = { value, proxies: parseTrustedProxies(value) };
  return cached.proxies;
}
