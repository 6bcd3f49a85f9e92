import { headers } from 'next/headers';
import { clientAddress, requestPeer } from '@/lib/auth/origin';

/** `dashboard <client address>`: the audit log's origin for a request to this server. */
export async function requestOrigin(): Promise<string> {
  const h = await headers();
  return `dashboard ${clientAddress(h, requestPeer(h))}`;
}
