// The demo fleet: tenants at different versions, so every state shows up in status and the matrix.

export interface DemoTenant {
  id: string;
  name: string;
  /** Version to migrate to; 'latest' for all. */
  version: number | 'latest';
  /** Leave the database uncreated: the tenant shows as unreachable. */
  missingDatabase?: boolean;
  /** Plant a conflicting table so the next migration fails: the tenant shows as failed. */
  failAtBudgets?: boolean;
}

export const DEMO_TENANTS: DemoTenant[] = [
  { id: 'acme', name: 'Acme Corp', version: 'latest' },
  { id: 'globex', name: 'Globex Corporation', version: 'latest' },
  { id: 'hooli', name: 'Hooli', version: 'latest' },
  { id: 'tyrell', name: 'Tyrell Corporation', version: 'latest' },
  { id: 'wonka', name: 'Wonka Industries', version: 7 },
  { id: 'initech', name: 'Initech', version: 6 },
  { id: 'umbrella', name: 'Umbrella Co', version: 4 },
  { id: 'oscorp', name: 'Oscorp', version: 3 },
  { id: 'stark', name: 'Stark Industries', version: 2 },
  { id: 'wayne', name: 'Wayne Enterprises', version: 0 },
  { id: 'soylent', name: 'Soylent Corp', version: 'latest', failAtBudgets: true },
  { id: 'cyberdyne', name: 'Cyberdyne Systems', version: 0, missingDatabase: true },
];

export const DEMO_HOST_DATABASE = 'fastmigrate_demo';

export function demoDatabaseName(tenantId: string): string {
  return `tenant_${tenantId}`;
}
