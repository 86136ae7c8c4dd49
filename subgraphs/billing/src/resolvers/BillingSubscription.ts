import type { BillingSubscriptionResolvers } from '../__generated__/resolvers-types';
import { Plan } from '../entities/plan.entity';

export const BillingSubscription: BillingSubscriptionResolvers = {
  tenant: (subscription) => ({ __typename: 'Tenant', id: subscription.tenantId }),
  plan: (subscription, _args, { em }) => em.findOneOrFail(Plan, { code: subscription.planCode }),
  currentPeriodStart: (subscription) => subscription.currentPeriodStart.toISOString(),
  currentPeriodEnd: (subscription) => subscription.currentPeriodEnd.toISOString(),
  trialEndsAt: (subscription) => subscription.trialEndsAt?.toISOString() ?? null,
  canceledAt: (subscription) => subscription.canceledAt?.toISOString() ?? null,
};
