import { EntitySchema } from '@mikro-orm/core';

/**
 * A message written in the same transaction as the change it announces, published later by
 * the {@link OutboxRelay}. Nothing is lost when the broker is down: the row waits.
 */
export class OutboxMessage {
  id!: string;
  exchange!: string;
  routingKey!: string;
  payload!: unknown;
  /** AMQP headers, including W3C trace context captured when the row was written. */
  headers: Record<string, string> = {};
  createdAt: Date = new Date();
  sentAt: Date | null = null;
  publishAttempts = 0;
  lastError: string | null = null;
}

export const OutboxMessageSchema = new EntitySchema<OutboxMessage>({
  class: OutboxMessage,
  tableName: 'outbox_messages',
  properties: {
    id: { type: 'bigint', primary: true, autoincrement: true },
    exchange: { type: 'string' },
    routingKey: { type: 'string' },
    payload: { type: 'json' },
    headers: { type: 'json' },
    createdAt: { type: 'Date' },
    sentAt: { type: 'Date', nullable: true },
    publishAttempts: { type: 'integer' },
    lastError: { type: 'text', nullable: true },
  },
});

/** The table, for each service's migration that adopts the outbox. */
export const OUTBOX_TABLE_SQL = [
  `create table outbox_messages (
    id bigserial primary key,
    exchange text not null,
    routing_key text not null,
    payload jsonb not null,
    headers jsonb not null default '{}',
    created_at timestamptz not null default now(),
    sent_at timestamptz null,
    publish_attempts int not null default 0,
    last_error text null
  )`,
  'create index outbox_messages_unsent on outbox_messages (id) where sent_at is null',
];
