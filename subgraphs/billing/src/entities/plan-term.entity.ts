import { EntitySchema } from '@mikro-orm/core';

/**
 * A span of time a tenant was on one plan. A plan change ends the open term and starts a
 * new one at the same instant; invoices prorate the plan fee over the terms of a period.
 */
export class PlanTerm {
  id!: string;
  subscriptionId!: string;
  tenantId!: string;
  planCode!: string;
  startedAt!: Date;
  /** Null while the tenant is still on this plan. */
  endedAt: Date | null = null;
}

export const PlanTermSchema = new EntitySchema<PlanTerm>({
  class: PlanTerm,
  tableName: 'plan_terms',
  properties: {
    id: { type: 'uuid', primary: true },
    subscriptionId: { type: 'uuid' },
    tenantId: { type: 'uuid' },
    planCode: { type: 'string', length: 40 },
    startedAt: { type: 'Date' },
    endedAt: { type: 'Date', nullable: true },
  },
});
