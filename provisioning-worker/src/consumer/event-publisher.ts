import { createHash, randomUUID } from 'node:crypto';
import { context } from '@opentelemetry/api';
import {
  type ContainerObservation,
  Exchanges,
  type ExpiredBackup,
  type ObservationEvent,
  type OperationEvent,
  RoutingKeys,
} from '@saas/contracts';
import type { Logger } from '@saas/logger';
import { type Connection, inSpan, type Publisher, startPublishSpan, withTraceHeaders } from '@saas/messaging';

const SEND_TIMEOUT_MS = 10_000;

export type OperationEventInput = Omit<OperationEvent, 'kind' | 'eventId' | 'at'>;

/**
 * The same event of the same attempt gets the same id, so a consumer may de-duplicate on
 * it as well as on the position. Shaped like a UUID (version 8: custom) for storage.
 */
export function operationEventId(operationId: string, attempt: number, step: number): string {
  const hex = createHash('sha256').update(`${operationId}|${attempt}|${step}`).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Publishes worker events to `instance.events` with publisher confirms. */
export class EventPublisher {
  private readonly publisher: Publisher;

  constructor(
    connection: Connection,
    private readonly logger: Logger,
  ) {
    this.publisher = connection.createPublisher({
      confirm: true,
      maxAttempts: 3,
      exchanges: [{ exchange: Exchanges.instanceEvents, type: 'topic', durable: true }],
    });
  }

  /** Resolves once the broker confirmed the event; rejects otherwise. */
  async operation(input: OperationEventInput): Promise<void> {
    const event: OperationEvent = {
      kind: 'operation',
      eventId: operationEventId(input.operationId, input.position.attempt, input.position.step),
      ...input,
      at: new Date().toISOString(),
    };
    await this.send(RoutingKeys.operation(event.operationStatus), event);
  }

  /**
   * A progress event that may be lost: when the broker is briefly away the job goes on;
   * the final event (which must be confirmed) tells the outcome anyway.
   */
  async progress(input: OperationEventInput): Promise<void> {
    await this.operation(input).catch((error: unknown) =>
      this.logger.warn({ err: error, operationId: input.operationId, step: input.position.step }, 'progress event not published'),
    );
  }

  async observation(environment: string, containers: ContainerObservation[], expiredBackups: ExpiredBackup[] = []): Promise<void> {
    const event: ObservationEvent = {
      kind: 'observation',
      eventId: randomUUID(),
      environment,
      containers,
      expiredBackups,
      at: new Date().toISOString(),
    };
    await this.send(RoutingKeys.observation, event);
  }

  /**
   * Publishes any message with confirms (job retries go through here too), carrying the
   * active trace context: the instance subgraph applies an event in the job's trace.
   */
  async send(routingKey: string, body: unknown, exchange: string = Exchanges.instanceEvents, headers?: Record<string, unknown>): Promise<void> {
    const { span, context: publishing } = startPublishSpan(exchange, routingKey, context.active());
    await context.with(publishing, () => inSpan(span, () => this.confirmed(routingKey, body, exchange, withTraceHeaders(headers))));
  }

  private async confirmed(routingKey: string, body: unknown, exchange: string, headers: Record<string, unknown>): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.publisher.send({ exchange, routingKey, durable: true, contentType: 'application/json', headers }, body),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('broker did not confirm in time')), SEND_TIMEOUT_MS);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await this.publisher.close();
  }
}
