import { selectionOf, type Selection } from '../engine';

export interface SelectionOptions {
  tenant?: string[];
  hostOnly?: boolean;
  tenantsOnly?: boolean;
}

/** `--tenant` narrows to those tenants (without the host); `--host-only`/`--tenants-only` pick a side. */
export function selectionFrom(o: SelectionOptions): Selection {
  return selectionOf({ ids: o.tenant, hostOnly: o.hostOnly, tenantsOnly: o.tenantsOnly });
}
