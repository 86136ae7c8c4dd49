import { parseTenantBillingStatusChanged, Queues } from '@saas/contracts';
import type { Logger } from '@saas/logger';
import { type AsyncMessage, type Connection, type Consumer, ConsumerStatus, queueDeclaration, tracedHandler } from '@saas/messaging';
import { SuspensionPending, type SuspensionService } from '../services/suspension.service';

const BUSY_RETRY_MS = 2_000;

/** Billing's suspend/resume decisions for the tenant's instances. */
export function startBillingEventsConsumer(connection: Connection, suspensions: () => SuspensionService, logger: Logger): Consumer {
  const consumer = connection.createConsumer(
    { queue: Queues.instanceBillingEvents, queueOptions: queueDeclaration(Queues.instanceBillingEvents), qos: { prefetchCount: 1 }, concurrency: 1 },
    tracedHandler(Queues.instanceBillingEvents, async (message: AsyncMessage) => {
      const change = parseTenantBillingStatusChanged(message.body);
      if (!change) {
        logger.error({ messageId: message.messageId }, 'malformed billing event dead-lettered');
        return ConsumerStatus.DROP;
      }
      try {
        await suspensions().apply(change);
        return ConsumerStatus.ACK;
      } catch (error) {
        if (!(error instanceof SuspensionPending)) throw error;
        // Some instances had an operation running: try again once it has likely finished.
        await new Promise((resolve) => setTimeout(resolve, BUSY_RETRY_MS));
        return ConsumerStatus.REQUEUE;
      }
    }),
  );
  consumer.on('error', (error) => logger.warn({ err: error }, 'billing events consumer error'));
  return consumer;
}
