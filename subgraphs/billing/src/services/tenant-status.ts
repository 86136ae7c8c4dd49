import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Exchanges, RoutingKeys, type TenantBillingStatusChanged } from '@saas/contracts';
import { enqueueOutbox } from '@saas/messaging';

/**
 * Asks the platform to suspend or resume a tenant, through the outbox in the caller's
 * transaction: the tenant subgraph sets its status, the instance subgraph stops (or starts
 * again) its instances.
 */
export function enqueueTenantBillingStatus(tx: EntityManager, tenantId: string, suspended: boolean, reason: string, at: Date): TenantBillingStatusChanged {
  const event: TenantBillingStatusChanged = { eventId: randomUUID(), tenantId, suspended, reason: reason.slice(0, 500), at: at.toISOString() };
  enqueueOutbox(tx, { exchange: Exchanges.platformEvents, routingKey: RoutingKeys.billingTenantStatus, payload: event });
  return event;
}
