// Where a request came from, for the audit log: the client address as the server saw it.

/** The first address in X-Forwarded-For (set by Next.js's server or the reverse proxy), else X-Real-IP. */
export function clientAddress(headers: Headers): string {
  const forwarded = headers.get('x-forwarded-for')?.split(',')[0]?.trim();
  const address = forwarded || headers.get('x-real-ip')?.trim() || 'unknown';
  // Addresses only: never let a header smuggle arbitrary text into the log.
  return /^[0-9a-fA-F:.[\]%a-z-]{1,64}$/.test(address) ? address.replace(/^::ffff:/, '') : 'invalid-address';
}
