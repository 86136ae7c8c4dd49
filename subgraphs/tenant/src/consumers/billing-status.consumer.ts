import { parseTenantBillingStatusChanged, Queues } from '@saas/contracts';
import type { Logger } from '@saas/logger';
import { type AsyncMessage, type Connection, type Consumer, ConsumerStatus, createResilientConsumer, queueDeclaration } from '@saas/messaging';
import type { TenantService } from '../services/tenant.service';

/** Billing suspends unpaid tenants and resumes them; this applies it to the tenant's status. */
export function startBillingStatusConsumer(connection: Connection, tenants: () => TenantService, logger: Logger): Consumer {
  const consumer = createResilientConsumer(
    connection,
    // One at a time: a suspend and a resume of one tenant must apply in the order sent.
    { queue: Queues.tenantBillingEvents, queueOptions: queueDeclaration(Queues.tenantBillingEvents), qos: { prefetchCount: 10 }, concurrency: 1 },
    async (message: AsyncMessage) => {
      const event = parseTenantBillingStatusChanged(message.body);
      if (!event) {
        logger.error({ messageId: message.messageId }, 'malformed billing status event dead-lettered');
        return ConsumerStatus.DROP;
      }
      await tenants().applyBillingStatus(event, logger);
      return ConsumerStatus.ACK;
    },
    { logger },
  );
  return consumer;
}
