import { requireViewer } from '@saas/auth';
import type { QueryResolvers } from '../__generated__/resolvers-types';

export const Query: QueryResolvers = {
  tenant: (_parent, { id }, { identity, tenants }) => tenants.getForMember(requireViewer(identity).userId, id),
  tenantBySlug: (_parent, { slug }, { identity, tenants }) => tenants.getBySlugForMember(requireViewer(identity).userId, slug),
  membership: (_parent, { tenantId }, { identity, tenants }) => tenants.membershipOf(requireViewer(identity).userId, tenantId),
};
