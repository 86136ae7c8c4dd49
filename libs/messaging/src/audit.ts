import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { type AuditEvent, Exchanges, RoutingKeys } from '@saas/contracts';
import { enqueueOutbox } from './outbox';

export type AuditRecord = Omit<AuditEvent, 'eventId' | 'at'> & { at?: string };

/**
 * Records a tenant-scoped change for the audit log, in the same transaction as the change:
 * the outbox carries it to the tenant subgraph, which serves `Tenant.auditLog`.
 */
export function enqueueAuditEvent(em: EntityManager, record: AuditRecord): AuditEvent {
  const event: AuditEvent = { ...record, eventId: randomUUID(), at: record.at ?? new Date().toISOString() };
  enqueueOutbox(em, { exchange: Exchanges.platformEvents, routingKey: RoutingKeys.audit(record.source), payload: event });
  return event;
}
