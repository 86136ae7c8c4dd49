import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Exchanges, type InstanceStatus, type InstanceStatusChanged, RoutingKeys, type TenantChannelMessage } from '@saas/contracts';
import { enqueueOutbox } from '@saas/messaging';
import type { Instance } from '../entities/instance.entity';
import type { InstanceOperation } from '../entities/instance-operation.entity';
import { StatusChange } from '../entities/status-change.entity';

/**
 * Moves an instance to a new status inside the caller's transaction: numbers the change,
 * keeps it in the history, and queues it in the outbox for billing's metering. Returns the
 * message to publish to Redis once the transaction has committed.
 */
export function changeStatus(
  em: EntityManager,
  instance: Instance,
  status: InstanceStatus,
  message: string | null,
  operationId: string | null,
  at = new Date(),
): TenantChannelMessage {
  const previousStatus = instance.statusSeq === 0 ? null : instance.status;
  instance.statusSeq += 1;
  instance.status = status;
  instance.statusMessage = message;
  em.persist(
    em.create(StatusChange, {
      instanceId: instance.id,
      sequence: instance.statusSeq,
      tenantId: instance.tenantId,
      status,
      previousStatus,
      message,
      operationId,
      at,
    }),
  );
  const event: InstanceStatusChanged = {
    eventId: randomUUID(),
    tenantId: instance.tenantId,
    instanceId: instance.id,
    sequence: instance.statusSeq,
    status,
    previousStatus,
    message,
    operationId,
    at: at.toISOString(),
  };
  enqueueOutbox(em, { exchange: Exchanges.instanceStatus, routingKey: RoutingKeys.instanceStatus(status), payload: event });
  return { type: 'instance.status', ...event };
}

/** The Redis message announcing an operation's progress. */
export function operationProgressMessage(operation: InstanceOperation, at = new Date()): TenantChannelMessage {
  return {
    type: 'operation.progress',
    eventId: randomUUID(),
    tenantId: operation.tenantId,
    instanceId: operation.instanceId,
    operationId: operation.id,
    status: operation.status,
    progress: operation.progress,
    message: operation.message,
    error: operation.error,
    at: at.toISOString(),
  };
}
