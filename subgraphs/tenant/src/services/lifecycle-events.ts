import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Exchanges, RoutingKeys, type TenantLifecycleEvent } from '@saas/contracts';
import { enqueueOutbox } from '@saas/messaging';
import type { Tenant } from '../entities/tenant.entity';
import type { PendingEffects } from './transaction';

/** Announces a new tenant or a status change through the outbox, in the caller's transaction. */
export function enqueueLifecycleEvent(
  tx: EntityManager,
  effects: PendingEffects,
  tenant: Tenant,
  type: TenantLifecycleEvent['type'],
  ownerUserId: string | null = null,
): TenantLifecycleEvent {
  const event: TenantLifecycleEvent = {
    eventId: randomUUID(),
    tenantId: tenant.id,
    type,
    status: tenant.status,
    ownerUserId,
    at: new Date().toISOString(),
  };
  const routingKey = type === 'created' ? RoutingKeys.tenantCreated : RoutingKeys.tenantStatus;
  enqueueOutbox(tx, { exchange: Exchanges.platformEvents, routingKey, payload: event });
  effects.wroteOutbox();
  return event;
}
