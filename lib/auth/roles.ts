// Dashboard roles (issue 3). Pure: safe to import from client components.

export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  viewer: 'reads everything: matrix, previews, histories, runs, audit log',
  operator: 'also rehearses, migrates and rolls back',
  admin: 'also manages users',
};

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Whether `role` may do what `required` may do. */
export function hasRole(role: Role | null | undefined, required: Role): boolean {
  return !!role && RANK[role] >= RANK[required];
}

/** What a role lacks, in words, for refusals: "operator or admin". */
export function rolesAllowed(required: Role): string {
  const allowed = ROLES.filter((r) => RANK[r] >= RANK[required]);
  return allowed.length === 1 ? allowed[0] : `${allowed.slice(0, -1).join(', ')} or ${allowed[allowed.length - 1]}`;
}
