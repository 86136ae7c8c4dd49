import { parseTenantLifecycleEvent, Queues } from '@saas/contracts';
import type { Logger } from '@saas/logger';
import { type AsyncMessage, type Connection, type Consumer, ConsumerStatus, createResilientConsumer, queueDeclaration } from '@saas/messaging';
import type { SubscriptionService } from '../services/subscription.service';

/**
 * A new tenant starts its trial when it was created (not when first read); a deleted tenant's
 * subscription is canceled so nothing more is charged. Both are idempotent.
 */
export function startTenantEventsConsumer(connection: Connection, subscriptions: () => SubscriptionService, logger: Logger): Consumer {
  const consumer = createResilientConsumer(
    connection,
    { queue: Queues.billingTenantEvents, queueOptions: queueDeclaration(Queues.billingTenantEvents), qos: { prefetchCount: 10 }, concurrency: 1 },
    async (message: AsyncMessage) => {
      const event = parseTenantLifecycleEvent(message.body);
      if (!event) {
        logger.error({ messageId: message.messageId, routingKey: message.routingKey }, 'malformed tenant event dead-lettered');
        return ConsumerStatus.DROP;
      }
      const service = subscriptions();
      if (event.type === 'created') await service.ensure(event.tenantId, new Date(event.at));
      else if (event.status === 'DELETED') {
        await service.ensure(event.tenantId, new Date(event.at));
        await service.cancel(event.tenantId, new Date(event.at), null);
      }
      return ConsumerStatus.ACK;
    },
    { logger },
  );
  return consumer;
}
