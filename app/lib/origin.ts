import { headers } from 'next/headers';
import { clientAddress } from '@/lib/auth/origin';

/** `dashboard <client address>`: the audit log's origin for a request to this server. */
export async function requestOrigin(): Promise<string> {
  return `dashboard ${clientAddress(await headers())}`;
}
