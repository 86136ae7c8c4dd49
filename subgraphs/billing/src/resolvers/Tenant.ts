import { requireViewer } from '@saas/auth';
import type { TenantResolvers } from '../__generated__/resolvers-types';

/** A tenant as billing knows it: its id. */
export interface TenantReference {
  __typename?: 'Tenant';
  id: string;
}

export const Tenant: TenantResolvers = {
  __resolveReference: (reference) => ({ __typename: 'Tenant', id: reference.id }),
  subscription: async (tenant, _args, { identity, authorizer, subscriptions }) => {
    await authorizer.requireRole(requireViewer(identity), tenant.id, 'MEMBER');
    return subscriptions.ensure(tenant.id);
  },
  entitlements: async (tenant, _args, { identity, authorizer, entitlements }) => {
    await authorizer.requireRole(requireViewer(identity), tenant.id, 'MEMBER');
    return entitlements.of(tenant.id);
  },
};
