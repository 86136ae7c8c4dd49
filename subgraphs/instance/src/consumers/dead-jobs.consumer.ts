import { Exchanges, parseJobReference, Queues, type TenantChannelMessage } from '@saas/contracts';
import type { Logger } from '@saas/logger';
import { type AsyncMessage, type Connection, type Consumer, ConsumerStatus, createResilientConsumer, DELIVERY_LIMIT, queueDeclaration } from '@saas/messaging';
import type { EventApplier } from '../services/event-applier.service';

export interface DeadJobsConsumerConfig {
  connection: Connection;
  applier: EventApplier;
  publish: (messages: TenantChannelMessage[]) => void;
  logger: Logger;
}

interface DeathRecord {
  queue?: unknown;
  reason?: unknown;
}

/**
 * Why the broker dead-lettered a job out of `instance.jobs` (its `x-death` record for that
 * queue; a job that went through the retry queues has their `expired` records too).
 */
export function deathReason(headers: Record<string, unknown> | undefined): string | undefined {
  const deaths = headers?.['x-death'];
  if (!Array.isArray(deaths)) return undefined;
  const record = (deaths as DeathRecord[]).find((death) => death?.queue === Queues.instanceJobs);
  return typeof record?.reason === 'string' ? record.reason : undefined;
}

/** The reason a user reads on the operation and the instance. */
export function abandonedJobMessage(reason: string | undefined): string {
  if (reason === 'delivery_limit') {
    return `The job never completed: the worker stopped while running it on each of ${DELIVERY_LIMIT} deliveries, so it was set aside for operators.`;
  }
  return `The job never completed: the message broker set it aside for operators (${reason ?? 'no reason given'}).`;
}

/**
 * Consumes the copies of dead-lettered jobs. A job the worker rejected itself (`rejected`)
 * was reported FAILED by the worker before, with the real error: nothing to do. Any other
 * reason (the delivery limit of a job that crashes the worker) means nobody reported it, so
 * its still-active operation fails here.
 */
export function startDeadJobsConsumer(config: DeadJobsConsumerConfig): Consumer {
  const { logger } = config;
  const consumer = createResilientConsumer(
    config.connection,
    {
      queue: Queues.instanceDeadJobs,
      queueOptions: queueDeclaration(Queues.instanceDeadJobs),
      // Bound here too, so no dead letter is missed when this consumer starts before the topology.
      exchanges: [{ exchange: Exchanges.deadLetter, type: 'direct', durable: true }],
      queueBindings: [{ queue: Queues.instanceDeadJobs, exchange: Exchanges.deadLetter, routingKey: Queues.instanceJobs }],
      qos: { prefetchCount: 10 },
      concurrency: 1,
    },
    async (message: AsyncMessage) => {
      const reason = deathReason(message.headers);
      if (reason === 'rejected') return ConsumerStatus.ACK;
      const job = parseJobReference(message.body);
      if (!job) {
        logger.warn({ messageId: message.messageId, reason }, 'dead-lettered job without an operation ignored');
        return ConsumerStatus.ACK;
      }
      config.publish(await config.applier.failAbandonedJob(job, abandonedJobMessage(reason)));
      return ConsumerStatus.ACK;
    },
    { logger },
  );
  return consumer;
}
