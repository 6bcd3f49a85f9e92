import type { Selection } from '../migrations';

export interface SelectionOptions {
  tenant?: string[];
  hostOnly?: boolean;
  tenantsOnly?: boolean;
}

/** `--tenant` narrows to those tenants (without the host); `--host-only`/`--tenants-only` pick a side. */
export function selectionFrom(o: SelectionOptions): Selection {
  if (o.tenant?.length) return { host: false, tenants: o.tenant };
  if (o.hostOnly) return { host: true, tenants: [] };
  return { host: !o.tenantsOnly, tenants: 'all' };
}
