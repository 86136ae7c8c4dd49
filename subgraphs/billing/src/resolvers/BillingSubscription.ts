import type { BillingSubscriptionResolvers } from '../__generated__/resolvers-types';
import { periodContaining } from '../domain/period';
import { Plan, TRIAL_PLAN_CODE } from '../entities/plan.entity';

export const BillingSubscription: BillingSubscriptionResolvers = {
  tenant: (subscription) => ({ __typename: 'Tenant', id: subscription.tenantId }),
  plan: (subscription, _args, { em }) => em.findOneOrFail(Plan, { code: subscription.planCode }),
  // A paid subscription's period is the calendar month (UTC) of now; a trial's is the trial.
  currentPeriodStart: (subscription, _args, { foundation }) =>
    (subscription.planCode === TRIAL_PLAN_CODE ? subscription.currentPeriodStart : periodContaining(foundation.clock()).start).toISOString(),
  currentPeriodEnd: (subscription, _args, { foundation }) =>
    (subscription.planCode === TRIAL_PLAN_CODE ? subscription.currentPeriodEnd : periodContaining(foundation.clock()).end).toISOString(),
  trialEndsAt: (subscription) => subscription.trialEndsAt?.toISOString() ?? null,
  canceledAt: (subscription) => subscription.canceledAt?.toISOString() ?? null,
  planStartedAt: async (subscription, _args, { subscriptions }) => (await subscriptions.planStartedAt(subscription)).toISOString(),
  suspendedAt: (subscription) => subscription.suspendedAt?.toISOString() ?? null,
};
