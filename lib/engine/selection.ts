// Pure: which databases a command or a dashboard action is about, and resolving that against the
// tenants the tenants query returned.
import { HOST_DATABASE_ID, type DatabaseTarget } from '../db/connection';
import type { InvalidTenant } from '../tenants';
import { UsageError } from './problems';

export interface Selection {
  host: boolean;
  /** `all` tenants, or these tenant ids. */
  tenants: 'all' | readonly string[];
}

export const ALL_DATABASES: Selection = { host: true, tenants: 'all' };

export interface SelectedDatabases {
  targets: DatabaseTarget[];
  /** Tenant rows that cannot be used (bad database name, …); reported, never connected to. */
  invalid: InvalidTenant[];
}

export interface SelectionInput {
  /** Database ids: `host` and tenant ids (the dashboard's selection, the CLI's `--tenant`). */
  ids?: readonly string[];
  hostOnly?: boolean;
  tenantsOnly?: boolean;
}

/**
 * Explicit ids select exactly those databases (`host` among them for the host); otherwise
 * `hostOnly`/`tenantsOnly` pick a side, and nothing means the host and every tenant.
 */
export function selectionOf(input: SelectionInput): Selection {
  if (input.ids?.length) return { host: input.ids.includes(HOST_DATABASE_ID), tenants: input.ids.filter((id) => id !== HOST_DATABASE_ID) };
  if (input.hostOnly) return { host: true, tenants: [] };
  return { host: !input.tenantsOnly, tenants: 'all' };
}

/** The selected targets among the discovered tenants; unknown tenant ids are a usage error. */
export function resolveSelection(
  selection: Selection,
  host: DatabaseTarget,
  tenants: readonly DatabaseTarget[],
  invalid: readonly InvalidTenant[],
): SelectedDatabases {
  const targets = selection.host ? [host] : [];
  if (selection.tenants === 'all') return { targets: [...targets, ...tenants], invalid: [...invalid] };

  const known = new Set([...tenants.map((t) => t.id), ...invalid.map((t) => t.id)]);
  const unknown = selection.tenants.filter((id) => !known.has(id));
  if (unknown.length) {
    const examples = tenants.slice(0, 5).map((t) => t.id).join(', ');
    throw new UsageError(
      `no tenant with id ${unknown.map((id) => JSON.stringify(id)).join(', ')}`,
      `see \`fastmigrate status\` for the tenant ids${examples ? ` (e.g. ${examples})` : ''}`,
    );
  }
  const wanted = new Set(selection.tenants);
  return { targets: [...targets, ...tenants.filter((t) => wanted.has(t.id))], invalid: invalid.filter((t) => wanted.has(t.id)) };
}
