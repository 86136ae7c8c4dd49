import { requireViewer } from '@saas/auth';
import type { MutationResolvers } from '../__generated__/resolvers-types';
import { callerOf } from './caller';

export const Mutation: MutationResolvers = {
  subscribeTenant: (_parent, { tenantId, planCode }, context) => {
    const { viewer, actor } = callerOf(context);
    return context.subscriptionCommands.subscribe(viewer, actor, tenantId, planCode);
  },
  cancelSubscription: (_parent, { tenantId }, context) => {
    const { viewer, actor } = callerOf(context);
    return context.subscriptionCommands.cancel(viewer, actor, tenantId);
  },
  createPlan: (_parent, { input }, context) => context.plans.create(requireViewer(context.identity), { ...input }),
  updatePlan: (_parent, { input }, context) => context.plans.update(requireViewer(context.identity), { ...input }),
  archivePlan: (_parent, { code }, context) => context.plans.archive(requireViewer(context.identity), code),
  markInvoicePaid: (_parent, { invoiceId }, context) => {
    const { viewer, actor } = callerOf(context);
    return context.payments.markPaid(viewer, actor, invoiceId);
  },
  voidInvoice: (_parent, { invoiceId }, context) => {
    const { viewer, actor } = callerOf(context);
    return context.payments.void(viewer, actor, invoiceId);
  },
};
