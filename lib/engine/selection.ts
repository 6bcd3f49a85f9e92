// Pure: which databases a command or a dashboard action is about, and resolving that against the
// tenants the tenants query returned.
import { HOST_DATABASE_ID, type DatabaseTarget } from '../db/connection';
import { withLabels, type InvalidTenant } from '../tenants/rows';
import { UsageError } from './problems';

export interface Selection {
  host: boolean;
  /** `all` tenants, or these tenant ids. */
  tenants: 'all' | readonly string[];
  /** Only tenants with all of these labels (`--label plan=pro`); the host has none. */
  labels?: Readonly<Record<string, string>>;
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
  labels?: Readonly<Record<string, string>>;
}

/**
 * Explicit ids select exactly those databases (`host` among them for the host); otherwise
 * `hostOnly`/`tenantsOnly` pick a side, and nothing means the host and every tenant.
 */
export function selectionOf(input: SelectionInput): Selection {
  const labels = input.labels && Object.keys(input.labels).length ? { labels: input.labels } : {};
  if (input.ids?.length) return { host: input.ids.includes(HOST_DATABASE_ID) && !labels.labels, tenants: input.ids.filter((id) => id !== HOST_DATABASE_ID), ...labels };
  if (input.hostOnly) return { host: true, tenants: [] };
  return { host: !input.tenantsOnly && !labels.labels, tenants: 'all', ...labels };
}

/** The selected targets among the discovered tenants; unknown tenant ids are a usage error. */
export function resolveSelection(
  selection: Selection,
  host: DatabaseTarget,
  tenants: readonly DatabaseTarget[],
  invalid: readonly InvalidTenant[],
): SelectedDatabases {
  const targets = selection.host ? [host] : [];
  if (selection.labels) {
    // Invalid rows have no trustworthy labels: a label selection leaves them out.
    const labelled = withLabels(tenants, selection.labels);
    const picked = selection.tenants === 'all' ? labelled : pick(selection.tenants, labelled, tenants, invalid).targets;
    if (!picked.length) throw noneLabelled(selection.labels, tenants);
    return { targets: [...targets, ...picked], invalid: [] };
  }
  if (selection.tenants === 'all') return { targets: [...targets, ...tenants], invalid: [...invalid] };
  const picked = pick(selection.tenants, tenants, tenants, invalid);
  return { targets: [...targets, ...picked.targets], invalid: picked.invalid };
}

/** The tenants with these ids among `among`; an id that no row of the query has is a usage error. */
function pick(ids: readonly string[], among: readonly DatabaseTarget[], tenants: readonly DatabaseTarget[], invalid: readonly InvalidTenant[]): SelectedDatabases {
  const known = new Set([...tenants.map((t) => t.id), ...invalid.map((t) => t.id)]);
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length) {
    const examples = tenants.slice(0, 5).map((t) => t.id).join(', ');
    throw new UsageError(
      `no tenant with id ${unknown.map((id) => JSON.stringify(id)).join(', ')}`,
      `see \`fastmigrate status\` for the tenant ids${examples ? ` (e.g. ${examples})` : ''}`,
    );
  }
  const wanted = new Set(ids);
  return { targets: among.filter((t) => wanted.has(t.id)), invalid: invalid.filter((t) => wanted.has(t.id)) };
}

function noneLabelled(wanted: Readonly<Record<string, string>>, tenants: readonly DatabaseTarget[]): UsageError {
  const asked = Object.entries(wanted).map(([k, v]) => `${k}=${v}`).join(' ');
  const keys = [...new Set(tenants.flatMap((t) => Object.keys(t.labels ?? {})))];
  return new UsageError(
    `no tenant has the label${Object.keys(wanted).length === 1 ? '' : 's'} ${asked}`,
    keys.length
      ? `the tenants' labels are ${keys.join(', ')}; see \`fastmigrate status --json\` for their values`
      : 'labels are the extra columns of FASTMIGRATE_TENANTS_QUERY (e.g. SELECT id, name, db_name, plan, region FROM tenants); the tenants have none',
  );
}
