import { type Role, roleAtLeast } from '@saas/authz';
import { ConflictError, ForbiddenError } from '@saas/errors';

/**
 * Who may change whom. Pure functions over roles and owner counts, so every rule is unit
 * tested; the services call them inside a transaction that holds the tenant's row lock,
 * which makes the owner count they pass exact even under concurrent requests.
 */

/** FORBIDDEN naming the role needed (same wording as libs/authz for other subgraphs). */
export function requireRole(actual: Role, minimum: Role, tenantId: string): void {
  if (!roleAtLeast(actual, minimum)) {
    throw new ForbiddenError(`This needs the ${minimum} role or higher in the tenant.`, {
      tenantId,
      requiredRole: minimum,
      role: actual,
    });
  }
}

/** Inviting needs ADMIN; inviting an OWNER needs OWNER. */
export function assertCanInvite(actor: Role, role: Role, tenantId: string): void {
  requireRole(actor, 'ADMIN', tenantId);
  if (role === 'OWNER') requireRole(actor, 'OWNER', tenantId);
}

export interface RoleChange {
  actor: Role;
  target: Role;
  newRole: Role;
  /** Owners of the tenant now, the target included. */
  ownerCount: number;
}

/** ADMIN manages roles below OWNER; granting or taking OWNER needs OWNER; the last OWNER stays. */
export function assertCanChangeRole(change: RoleChange, tenantId: string): void {
  requireRole(change.actor, 'ADMIN', tenantId);
  if (change.target === 'OWNER' || change.newRole === 'OWNER') requireRole(change.actor, 'OWNER', tenantId);
  if (change.target === 'OWNER' && change.newRole !== 'OWNER') assertNotLastOwner(change.ownerCount);
}

export interface Removal {
  actor: Role;
  target: Role;
  ownerCount: number;
}

/** ADMIN removes members and admins; removing an OWNER needs OWNER; the last OWNER stays. */
export function assertCanRemove(removal: Removal, tenantId: string): void {
  requireRole(removal.actor, 'ADMIN', tenantId);
  if (removal.target === 'OWNER') {
    requireRole(removal.actor, 'OWNER', tenantId);
    assertNotLastOwner(removal.ownerCount);
  }
}

/** Anyone may leave, except the last OWNER (who must transfer ownership or delete the tenant). */
export function assertCanLeave(role: Role, ownerCount: number): void {
  if (role === 'OWNER') assertNotLastOwner(ownerCount);
}

/** Only an OWNER hands ownership over. */
export function assertCanTransfer(actor: Role, tenantId: string): void {
  requireRole(actor, 'OWNER', tenantId);
}

/** Members listed owners first, then admins, then members. */
export const ROLE_ORDER: Record<Role, number> = { OWNER: 0, ADMIN: 1, MEMBER: 2 };

function assertNotLastOwner(ownerCount: number): void {
  if (ownerCount <= 1) {
    throw new ConflictError('A tenant must keep at least one OWNER: make another member OWNER first.', {
      reason: 'LAST_OWNER',
    });
  }
}
