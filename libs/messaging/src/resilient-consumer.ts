import { isDependencyOutage } from '@saas/errors';
import type { Logger } from '@saas/logger';
import { counter } from '@saas/telemetry';
import { type AsyncMessage, type Connection, type Consumer, type ConsumerProps, ConsumerStatus } from 'rabbitmq-client';
import { tracedHandler } from './tracing';

export type MessageHandler = (message: AsyncMessage) => Promise<ConsumerStatus | void>;

export interface ResilienceOptions {
  logger: Logger;
  /** Failures the handler knows will pass (an instance busy for now), retried like an outage. */
  retryable?: (error: unknown) => boolean;
  /** First wait after a transient failure; doubles up to `maxDelayMs`. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /**
   * Attempts of a message whose handler fails for any other reason before it is taken for
   * poison and dead-lettered (a bug or bad data fails the same way every time).
   */
  poisonAttempts?: number;
  /**
   * What becomes of poison: DROP (dead-lettered, reason `rejected`; the default) or REQUEUE
   * (the broker's delivery limit dead-letters it, for consumers whose repair keys on that).
   */
  poisonStatus?: ConsumerStatus.DROP | ConsumerStatus.REQUEUE;
  /**
   * How long a message is held through an outage before it goes back to the queue (one
   * delivery spent), well under RabbitMQ's consumer_timeout (30 min) which would close the channel.
   */
  maxHoldMs?: number;
}

const DEFAULTS = { initialDelayMs: 250, maxDelayMs: 15_000, poisonAttempts: 3, maxHoldMs: 10 * 60_000, poisonStatus: ConsumerStatus.DROP };

const waits = counter({
  name: 'saas_messaging_transient_failures_total',
  help: 'Handler failures taken for a dependency outage; the message was held and retried, not dead-lettered.',
  labelNames: ['queue'],
});

const deadLettered = counter({
  name: 'saas_messaging_dead_lettered_total',
  help: 'Messages a consumer dead-lettered as poison (malformed, or failing the same way on every attempt).',
  labelNames: ['queue', 'reason'],
});

/**
 * The one way the platform's consumers handle a message. A failure caused by a dependency
 * outage (PostgreSQL, Redis, RabbitMQ or a service down) holds the message unacknowledged
 * and retries it in-process with exponential back-off: the broker's delivery count does not
 * move, so an outage never dead-letters anything, and with its prefetch used up the consumer
 * takes nothing new until the dependency is back. Any other failure is retried a few times
 * and then dead-lettered (reported: log and metric), as is a message the handler DROPs.
 */
export function resilientHandler(
  queue: string,
  handler: MessageHandler,
  options: ResilienceOptions,
  closing: () => boolean = () => false,
): MessageHandler {
  const settings = { ...DEFAULTS, ...options };
  const { logger } = settings;
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref?.());
  return async (message) => {
    const started = Date.now();
    let delayMs = settings.initialDelayMs;
    let failures = 0;
    let outages = 0;
    for (;;) {
      try {
        const status = await handler(message);
        if (outages > 0)
          logger.info(
            {
              queue,
              messageId: message.messageId,
              attempts: outages + failures + 1,
            },
            'message applied after its dependency came back',
          );
        if (status === ConsumerStatus.DROP) deadLettered.inc({ queue, reason: 'rejected' });
        return status;
      } catch (error) {
        const transient = isDependencyOutage(error) || settings.retryable?.(error) === true;
        if (transient) {
          outages += 1;
          waits.inc({ queue });
          if (outages === 1)
            logger.warn(
              { err: error, queue, messageId: message.messageId },
              'dependency unavailable; holding the message and retrying with back-off',
            );
        } else {
          failures += 1;
          if (failures >= settings.poisonAttempts) {
            const status = settings.poisonStatus;
            if (status === ConsumerStatus.DROP) deadLettered.inc({ queue, reason: 'failed' });
            logger.error(
              { err: error, queue, messageId: message.messageId, routingKey: message.routingKey, attempts: failures },
              status === ConsumerStatus.DROP ? 'poison message dead-lettered' : 'message failed on every attempt; returned to its queue',
            );
            return status;
          }
          logger.warn(
            {
              err: error,
              queue,
              messageId: message.messageId,
              attempt: failures,
            },
            'message failed; retrying',
          );
        }
        if (closing() || Date.now() - started > settings.maxHoldMs) {
          // Back to the queue: another consumer (or this one, restarted) takes it.
          logger.info({ queue, messageId: message.messageId }, 'held message returned to its queue');
          return ConsumerStatus.REQUEUE;
        }
        await sleep(delayMs);
        delayMs = Math.min(delayMs * 2, settings.maxDelayMs);
      }
    }
  };
}

/**
 * `connection.createConsumer` with the platform's handling: each message traced as a child
 * of its producer's span and handled by {@link resilientHandler}. Closing the consumer ends
 * the holds (their messages go back to the queue) so a shutdown does not wait for an outage.
 */
export function createResilientConsumer(connection: Connection, props: ConsumerProps, handler: MessageHandler, options: ResilienceOptions): Consumer {
  const queue = props.queue ?? '';
  let closing = false;
  const consumer = connection.createConsumer(
    props,
    tracedHandler(
      queue,
      resilientHandler(queue, handler, options, () => closing),
    ),
  );
  const close = consumer.close.bind(consumer);
  consumer.close = () => {
    closing = true;
    return close();
  };
  consumer.on('error', (error) => options.logger.warn({ err: error, queue }, 'consumer error'));
  return consumer;
}
