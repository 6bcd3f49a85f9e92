import { InvalidArgumentError } from 'commander';
import { selectionOf, type Selection } from '../engine';

export interface SelectionOptions {
  tenant?: string[];
  label?: Record<string, string>;
  hostOnly?: boolean;
  tenantsOnly?: boolean;
}

/** `--tenant` narrows to those tenants (without the host); `--label` to tenants with those labels; `--host-only`/`--tenants-only` pick a side. */
export function selectionFrom(o: SelectionOptions): Selection {
  return selectionOf({ ids: o.tenant, labels: o.label, hostOnly: o.hostOnly, tenantsOnly: o.tenantsOnly });
}

/** commander's parser for a repeatable `--label KEY=VALUE` (all must match). */
export function collectLabel(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const match = /^([^=\s]+)=(.*)$/.exec(value);
  if (!match) throw new InvalidArgumentError(`--label takes KEY=VALUE (e.g. --label plan=pro), not ${JSON.stringify(value)}.`);
  return { ...previous, [match[1]]: match[2] };
}
