// Which address a request came from: the socket's, unless a configured proxy vouches for another.
import { describe, expect, it } from 'vitest';
import { clientAddress, parseTrustedProxies, TrustedProxiesError } from './origin';

const none = parseTrustedProxies(undefined);
const h = (xff?: string) => new Headers(xff === undefined ? {} : { 'x-forwarded-for': xff });

describe('clientAddress', () => {
  it('is the socket address whatever X-Forwarded-For the client writes, when no proxy is trusted', () => {
    for (let i = 0; i < 60; i++) expect(clientAddress(h(`198.51.100.${i}`), { socket: '203.0.113.9', trusted: none })).toBe('203.0.113.9');
    expect(clientAddress(h('1.2.3.4, 5.6.7.8'), { socket: '::ffff:203.0.113.9', trusted: none })).toBe('203.0.113.9');
  });

  it('behind trusted proxies: the right-most entry that is not a trusted proxy', () => {
    const trusted = parseTrustedProxies('127.0.0.1, 10.0.0.0/8 ::1');
    // The client wrote "6.6.6.6"; the outer proxy (10.0.0.5) appended the client's real address.
    expect(clientAddress(h('6.6.6.6, 198.51.100.7, 10.0.0.5'), { socket: '127.0.0.1', trusted })).toBe('198.51.100.7');
    expect(clientAddress(h('198.51.100.7'), { socket: '::1', trusted })).toBe('198.51.100.7');
    // A trusted socket with no header (or only trusted hops): the left-most hop.
    expect(clientAddress(h(), { socket: '127.0.0.1', trusted })).toBe('127.0.0.1');
    expect(clientAddress(h('10.1.1.1'), { socket: '127.0.0.1', trusted })).toBe('10.1.1.1');
    // An untrusted socket: its X-Forwarded-For is not believed at all.
    expect(clientAddress(h('198.51.100.7'), { socket: '192.0.2.1', trusted })).toBe('192.0.2.1');
    // Garbage where an address should be never reaches the log.
    expect(clientAddress(h('<script>, 10.0.0.5'), { socket: '127.0.0.1', trusted })).toBe('invalid-address');
  });

  it('without our server (plain `next start`): the right-most entry, which Next.js writes when the client sent none', () => {
    expect(clientAddress(h('6.6.6.6, 198.51.100.7'), { socket: null, trusted: none })).toBe('198.51.100.7');
    expect(clientAddress(h(), { socket: null, trusted: none })).toBe('unknown');
  });
});

describe('FASTMIGRATE_TRUSTED_PROXIES', () => {
  it('takes addresses and CIDRs of both families and refuses anything else, naming it', () => {
    const t = parseTrustedProxies('192.168.0.0/16,fd00::/8');
    expect([t.has('192.168.4.4'), t.has('::ffff:192.168.4.4'), t.has('fd12::1'), t.has('192.169.0.1'), t.has('not an ip')]).toEqual([true, true, true, false, false]);
    for (const bad of ['proxy.local', '10.0.0.0/33', '10.0.0.1/8/1', '::1/129', '10.0.0.0/x']) {
      expect(() => parseTrustedProxies(`127.0.0.1,${bad}`)).toThrow(TrustedProxiesError);
      expect(() => parseTrustedProxies(bad)).toThrow(JSON.stringify(bad));
    }
  });
});
