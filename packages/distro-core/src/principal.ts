import { DistroError } from './errors';

/** Roles of the blueprint: admin (everything), manager (catalog and delivery), viewer (read only). */
export type Role = 'admin' | 'manager' | 'viewer';

/** Every role, most powerful first. */
export const ROLES: readonly Role[] = ['admin', 'manager', 'viewer'];

/** What a call needs: reading the catalog, writing releases, managing delivery, or administering the tenant. */
export type Permission = 'catalog:read' | 'catalog:write' | 'delivery:write' | 'admin';

const GRANTS: Readonly<Record<Role, readonly Permission[]>> = {
  admin: ['catalog:read', 'catalog:write', 'delivery:write', 'admin'],
  manager: ['catalog:read', 'catalog:write', 'delivery:write'],
  viewer: ['catalog:read'],
};

/** Who is calling: resolved from an API key; every use case takes one and acts only within its tenant. */
export interface Principal {
  /** the tenant the caller acts for */
  readonly tenantId: string;
  /** recorded in the audit log: `apikey:<id>`, a user id or `system` */
  readonly actor: string;
  /** the caller's role */
  readonly role: Role;
  /** may create tenants (the bootstrap key of `ddex-distro serve`) */
  readonly operator?: boolean;
}

/** True when the role grants the permission. */
export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

/** Throws `FORBIDDEN` unless the principal's role grants the permission. */
export function authorize(principal: Principal, permission: Permission): void {
  if (!can(principal.role, permission)) {
    throw new DistroError('FORBIDDEN', `the ${principal.role} role may not do this (needs ${permission})`);
  }
}

/** A principal for work the service does itself (workers, bootstrap). */
export function systemPrincipal(tenantId: string): Principal {
  return { tenantId, actor: 'system', role: 'admin' };
}
