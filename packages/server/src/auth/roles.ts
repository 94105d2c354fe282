/** Roles in ascending order of privilege: each role includes everything below it. */
export const ROLES = ['reader', 'writer', 'admin'] as const;

export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** True when a principal holding `granted` may perform an action that needs `needed`. */
export function roleAllows(granted: Role, needed: Role): boolean {
  return ROLES.indexOf(granted) >= ROLES.indexOf(needed);
}

/** The most privileged of `roles`, or undefined when there are none. */
export function highestRole(roles: Iterable<Role>): Role | undefined {
  let best: Role | undefined;
  for (const role of roles) {
    if (best === undefined || !roleAllows(best, role)) best = role;
  }
  return best;
}
