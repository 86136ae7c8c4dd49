import type { EntityManager } from '@mikro-orm/postgresql';
import { parseAuditEvent, Queues } from '@saas/contracts';
import type { Logger } from '@saas/logger';
import { type AsyncMessage, type Connection, type Consumer, ConsumerStatus, createResilientConsumer, queueDeclaration } from '@saas/messaging';
import { AuditLogService } from '../services/audit-log.service';

/**
 * Stores audit events other subgraphs publish through their outbox. Idempotent (event ids
 * are unique), so a redelivery after a crash between insert and ack stores nothing twice.
 */
export function startAuditEventsConsumer(connection: Connection, em: EntityManager, logger: Logger): Consumer {
  const consumer = createResilientConsumer(
    connection,
    { queue: Queues.tenantAudit, queueOptions: queueDeclaration(Queues.tenantAudit), qos: { prefetchCount: 50 }, concurrency: 4 },
    async (message: AsyncMessage) => {
      const event = parseAuditEvent(message.body);
      if (!event) {
        logger.error({ messageId: message.messageId, routingKey: message.routingKey }, 'malformed audit event dead-lettered');
        return ConsumerStatus.DROP;
      }
      const stored = await new AuditLogService(em.fork() as EntityManager).ingest(event);
      if (!stored) logger.debug({ eventId: event.eventId }, 'audit event already stored');
      return ConsumerStatus.ACK;
    },
    { logger },
  );
  return consumer;
}
