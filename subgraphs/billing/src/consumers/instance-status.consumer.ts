import { parseInstanceStatusChanged, Queues } from '@saas/contracts';
import type { Logger } from '@saas/logger';
import { type AsyncMessage, type Connection, type Consumer, ConsumerStatus, createResilientConsumer, queueDeclaration } from '@saas/messaging';
import type { UsageService } from '../services/usage.service';

/**
 * Stores the instance subgraph's status changes for metering. Storing is idempotent and
 * order-free (keyed by instance and sequence), so consumers may run concurrently and a
 * redelivery after a crash between insert and ack counts nothing twice.
 */
export function startInstanceStatusConsumer(connection: Connection, usage: () => UsageService, logger: Logger): Consumer {
  const consumer = createResilientConsumer(
    connection,
    { queue: Queues.billingInstanceStatus, queueOptions: queueDeclaration(Queues.billingInstanceStatus), qos: { prefetchCount: 50 }, concurrency: 4 },
    async (message: AsyncMessage) => {
      const change = parseInstanceStatusChanged(message.body);
      if (!change) {
        logger.error({ messageId: message.messageId, routingKey: message.routingKey }, 'malformed status change dead-lettered');
        return ConsumerStatus.DROP;
      }
      const stored = await usage().record(change);
      if (!stored) logger.debug({ instanceId: change.instanceId, sequence: change.sequence }, 'status change already metered');
      return ConsumerStatus.ACK;
    },
    { logger },
  );
  return consumer;
}
