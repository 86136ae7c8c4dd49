import type { EntityManager } from '@mikro-orm/postgresql';
import { context, propagation } from '@opentelemetry/api';
import { OutboxMessage } from './outbox-message.entity';

export interface OutgoingMessage {
  /** '' for the default exchange, where `routingKey` is the queue name. */
  exchange: string;
  routingKey: string;
  payload: unknown;
}

/**
 * Adds a message to the outbox of the current unit of work; it is committed (or rolled
 * back) together with the change it announces. The active trace context travels with it.
 */
export function enqueueOutbox(em: EntityManager, message: OutgoingMessage): OutboxMessage {
  const headers: Record<string, string> = {};
  propagation.inject(context.active(), headers);
  const row = em.create(OutboxMessage, {
    exchange: message.exchange,
    routingKey: message.routingKey,
    payload: message.payload,
    headers,
    createdAt: new Date(),
    sentAt: null,
    publishAttempts: 0,
    lastError: null,
  });
  em.persist(row);
  return row;
}
