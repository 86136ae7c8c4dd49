import type { MembershipResolvers } from '../__generated__/resolvers-types';
import { userReference } from './user-reference';

export const Membership: MembershipResolvers = {
  tenant: (membership, _args, { tenants }) => tenants.load(membership.tenantId),
  user: (membership) => userReference(membership.userId),
  joinedAt: (membership) => membership.joinedAt.toISOString(),
};
