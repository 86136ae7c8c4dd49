import { requireViewer } from '@saas/auth';
import type { TenantResolvers } from '../__generated__/resolvers-types';
import { parsePeriod, periodContaining } from '../domain/period';

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
  usage: async (tenant, { period }, { identity, authorizer, usage, foundation }) => {
    await authorizer.requireRole(requireViewer(identity), tenant.id, 'MEMBER');
    const now = foundation.clock();
    return usage.usageOf(tenant.id, period == null ? periodContaining(now) : parsePeriod(period), now);
  },
  invoices: async (tenant, args, { identity, authorizer, invoices }) => {
    await authorizer.requireRole(requireViewer(identity), tenant.id, 'ADMIN');
    return invoices.ofTenant(tenant.id, args);
  },
};
