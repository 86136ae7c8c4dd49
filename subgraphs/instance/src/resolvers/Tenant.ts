import { requireViewer } from '@saas/auth';
import type { TenantResolvers } from '../__generated__/resolvers-types';

/** A tenant as this subgraph knows it: only its id (the tenant subgraph owns the rest). */
export interface TenantReference {
  __typename?: 'Tenant';
  id: string;
}

export const Tenant: TenantResolvers = {
  __resolveReference: (reference) => ({ __typename: 'Tenant', id: reference.id }),
  instances: (tenant, args, { identity, queries }) => queries.instancesOfTenant(requireViewer(identity), tenant.id, args),
};
