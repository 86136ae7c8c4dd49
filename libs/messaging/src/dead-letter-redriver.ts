import { deadLetterQueue } from '@saas/contracts';
import type { Logger } from '@saas/logger';
import { counter, observedGauge } from '@saas/telemetry';
import type { AsyncMessage, Connection } from 'rabbitmq-client';

/** Counts how often a message was sent back from its dead-letter queue. */
export const REDRIVE_HEADER = 'x-saas-redrives';

/**
 * Dead-letter reasons that say nothing about the message itself: the delivery limit (its
 * consumer crashed or was killed while holding it, each time) and an expired TTL. A message
 * a consumer rejected (`rejected`) is poison and stays for operators.
 */
const REDRIVABLE_REASONS = new Set(['delivery_limit', 'expired', 'maxlen']);

export interface DeadLetterRedriverConfig {
  connection: Connection;
  /** The queues this service consumes; their `<queue>.dead` are watched. */
  queues: readonly string[];
  logger: Logger;
  /** Default 60 s. */
  intervalMs?: number;
  /** A message sent back this many times and dead-lettered again stays dead. Default 3. */
  maxRedrives?: number;
}

export interface RedriveSummary {
  redriven: number;
  kept: number;
}

const redriven = counter({
  name: 'saas_messaging_redriven_total',
  help: 'Dead-lettered messages sent back to their queue to be applied again (their consumer had crashed on them).',
  labelNames: ['queue'],
});

/** Why the broker dead-lettered `message` out of `queue` (its newest `x-death` record for it). */
export function deathReasonFor(message: Pick<AsyncMessage, 'headers'>, queue: string): string | undefined {
  const deaths = message.headers?.['x-death'];
  if (!Array.isArray(deaths)) return undefined;
  const record = (deaths as Array<{ queue?: unknown; reason?: unknown }>).find((death) => death?.queue === queue);
  return typeof record?.reason === 'string' ? record.reason : undefined;
}

/**
 * Repairs what a crash loop dead-lettered: on a timer, every message in a watched queue's
 * dead-letter queue that died of the delivery limit (or a TTL) goes back to its queue, at
 * most `maxRedrives` times, and is reported (log, `saas_messaging_redriven_total`). Poison
 * messages stay where they are; `saas_messaging_dead_letters` reports how many wait there.
 */
export class DeadLetterRedriver {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private readonly waiting = new Map<string, number>();
  private readonly publisher;

  constructor(private readonly config: DeadLetterRedriverConfig) {
    this.publisher = config.connection.createPublisher({
      confirm: true,
      maxAttempts: 3,
    });
    observedGauge(
      {
        name: 'saas_messaging_dead_letters',
        help: 'Messages waiting in a dead-letter queue after the last redrive pass.',
        labelNames: ['queue'],
      },
      (gauge) => {
        for (const [queue, count] of this.waiting) gauge.set({ queue }, count);
      },
    );
  }

  start(): this {
    const interval = this.config.intervalMs ?? 60_000;
    this.timer = setInterval(() => {
      this.running = this.redriveAll().catch((error: unknown) => this.config.logger.warn({ err: error }, 'dead-letter redrive pass failed'));
    }, interval);
    this.timer.unref();
    return this;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
    await this.publisher.close();
  }

  async redriveAll(): Promise<Record<string, RedriveSummary>> {
    const summaries: Record<string, RedriveSummary> = {};
    for (const queue of this.config.queues) summaries[queue] = await this.redrive(queue);
    return summaries;
  }

  /** One pass over `<queue>.dead`; messages not sent back return to it when the pass ends. */
  async redrive(queue: string): Promise<RedriveSummary> {
    const { connection, logger } = this.config;
    const maxRedrives = this.config.maxRedrives ?? 3;
    const dead = deadLetterQueue(queue);
    const channel = await connection.acquire();
    const summary: RedriveSummary = { redriven: 0, kept: 0 };
    try {
      const { messageCount } = await channel.queueDeclare({
        queue: dead,
        passive: true,
      });
      for (let index = 0; index < messageCount; index += 1) {
        const message = await channel.basicGet({ queue: dead, noAck: false });
        if (!message) break;
        const reason = deathReasonFor(message, queue);
        const redrives = Number(message.headers?.[REDRIVE_HEADER] ?? 0);
        if (!reason || !REDRIVABLE_REASONS.has(reason) || redrives >= maxRedrives) {
          // Left unacknowledged until the channel closes, so this pass does not see it again.
          summary.kept += 1;
          continue;
        }
        await this.publisher.send(
          {
            exchange: '',
            routingKey: queue,
            durable: true,
            messageId: message.messageId,
            correlationId: message.correlationId,
            contentType: message.contentType,
            type: message.type,
            headers: { ...message.headers, [REDRIVE_HEADER]: redrives + 1 },
          },
          message.body,
        );
        await channel.basicAck({ deliveryTag: message.deliveryTag });
        summary.redriven += 1;
        redriven.inc({ queue });
        logger.warn(
          {
            queue,
            messageId: message.messageId,
            reason,
            redrives: redrives + 1,
          },
          'dead-lettered message sent back to its queue to be applied again',
        );
      }
    } finally {
      await channel.close();
    }
    this.waiting.set(queue, summary.kept);
    if (summary.kept > 0) logger.error({ queue: dead, messages: summary.kept }, 'poison messages wait in a dead-letter queue for operators');
    return summary;
  }
}
