import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Role } from '@saas/authz';
import { ConflictError, ForbiddenError } from '@saas/errors';
import { isUuid } from '../domain/ids';
import { requireRole } from '../domain/role-rules';
import { Membership } from '../entities/membership.entity';
import { Tenant } from '../entities/tenant.entity';

export interface Access {
  tenant: Tenant;
  membership: Membership;
}

/**
 * The rule (README, Security rule): not a member, or a tenant that does not exist, is
 * FORBIDDEN with the same message, so a tenant id's existence does not leak.
 */
export function notAMember(tenantId: string): ForbiddenError {
  return new ForbiddenError('You are not a member of this tenant.', { tenantId });
}

/**
 * The tenant and the user's membership, read directly (this subgraph owns both). With
 * `lock`, the tenant row is locked FOR UPDATE: every membership change of a tenant takes
 * this lock first, so the checks that follow (owner counts) cannot race.
 */
export async function findAccess(em: EntityManager, userId: string, tenantId: string, lock = false): Promise<Access | null> {
  if (!isUuid(tenantId)) return null;
  const tenant = await em.findOne(Tenant, { id: tenantId }, lock ? { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true } : {});
  if (!tenant) return null;
  const membership = await em.findOne(Membership, { tenantId, userId }, lock ? { refresh: true } : {});
  return membership ? { tenant, membership } : null;
}

/** FORBIDDEN unless `userId` is a member of the tenant with at least `minimum`. */
export async function requireAccess(
  em: EntityManager,
  userId: string,
  tenantId: string,
  minimum: Role,
  lock = false,
): Promise<Access> {
  const access = await findAccess(em, userId, tenantId, lock);
  if (!access) throw notAMember(tenantId);
  requireRole(access.membership.role, minimum, tenantId);
  return access;
}

/** Changes to a deleted tenant are refused; its members can still read it. */
export function assertLive(tenant: Tenant): void {
  if (tenant.status === 'DELETED') throw new ConflictError('This tenant has been deleted.', { tenantId: tenant.id, tenantStatus: tenant.status });
}
