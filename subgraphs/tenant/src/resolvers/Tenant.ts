import { requireViewer } from '@saas/auth';
import type { TenantResolvers } from '../__generated__/resolvers-types';
import { requireAccess } from '../services/tenant-access';

/**
 * Every path to a Tenant object (queries, memberships, references from other subgraphs)
 * checks membership first; fields that need more (invitations, audit log) check the role.
 */
export const Tenant: TenantResolvers = {
  __resolveReference: (reference, { identity, tenants }) => tenants.getForMember(requireViewer(identity).userId, reference.id),
  createdAt: (tenant) => tenant.createdAt.toISOString(),
  members: (tenant, _args, { members }) => members.list(tenant.id),
  viewerRole: async (tenant, _args, { identity, tenants }) =>
    (await tenants.membershipOf(requireViewer(identity).userId, tenant.id))?.role ?? null,
  invitations: async (tenant, _args, { identity, em, invitations }) => {
    await requireAccess(em, requireViewer(identity).userId, tenant.id, 'ADMIN');
    return invitations.pending(tenant.id);
  },
  auditLog: async (tenant, { first, after }, { identity, em, auditLog }) => {
    await requireAccess(em, requireViewer(identity).userId, tenant.id, 'ADMIN');
    return auditLog.page(tenant.id, first, after);
  },
};
