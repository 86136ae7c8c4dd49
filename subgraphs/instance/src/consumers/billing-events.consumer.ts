import { parseTenantBillingStatusChanged, Queues } from '@saas/contracts';
import type { Logger } from '@saas/logger';
import { type AsyncMessage, type Connection, type Consumer, ConsumerStatus, createResilientConsumer, queueDeclaration } from '@saas/messaging';
import { SuspensionPending, type SuspensionService } from '../services/suspension.service';

const BUSY_RETRY_MS = 2_000;

/** Billing's suspend/resume decisions for the tenant's instances. */
export function startBillingEventsConsumer(connection: Connection, suspensions: () => SuspensionService, logger: Logger): Consumer {
  const consumer = createResilientConsumer(
    connection,
    { queue: Queues.instanceBillingEvents, queueOptions: queueDeclaration(Queues.instanceBillingEvents), qos: { prefetchCount: 1 }, concurrency: 1 },
    async (message: AsyncMessage) => {
      const change = parseTenantBillingStatusChanged(message.body);
      if (!change) {
        logger.error({ messageId: message.messageId }, 'malformed billing event dead-lettered');
        return ConsumerStatus.DROP;
      }
      await suspensions().apply(change);
      return ConsumerStatus.ACK;
    },
    // Some instances had an operation running: held and tried again once it has likely finished.
    { logger, retryable: (error) => error instanceof SuspensionPending, initialDelayMs: BUSY_RETRY_MS },
  );
  return consumer;
}
