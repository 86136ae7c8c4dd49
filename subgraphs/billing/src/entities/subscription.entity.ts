import { EntitySchema } from '@mikro-orm/core';

export type SubscriptionStatus = 'TRIALING' | 'ACTIVE' | 'PAST_DUE' | 'CANCELED';

/** A tenant's one subscription. */
export class Subscription {
  id!: string;
  tenantId!: string;
  planCode!: string;
  status!: SubscriptionStatus;
  currentPeriodStart!: Date;
  currentPeriodEnd!: Date;
  trialEndsAt: Date | null = null;
  canceledAt: Date | null = null;
  /** Set while the tenant is suspended for what it owes (dunning); cleared when settled. */
  suspendedAt: Date | null = null;
  createdAt: Date = new Date();
  updatedAt: Date = new Date();
}

export const SubscriptionSchema = new EntitySchema<Subscription>({
  class: Subscription,
  tableName: 'subscriptions',
  properties: {
    id: { type: 'uuid', primary: true },
    tenantId: { type: 'uuid', unique: true },
    planCode: { type: 'string', length: 40 },
    status: { type: 'string', length: 16 },
    currentPeriodStart: { type: 'Date' },
    currentPeriodEnd: { type: 'Date' },
    trialEndsAt: { type: 'Date', nullable: true },
    canceledAt: { type: 'Date', nullable: true },
    suspendedAt: { type: 'Date', nullable: true },
    createdAt: { type: 'Date' },
    updatedAt: { type: 'Date', onUpdate: () => new Date() },
  },
});
