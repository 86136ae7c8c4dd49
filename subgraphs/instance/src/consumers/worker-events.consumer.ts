import type { EdgeActivity, TenantChannelMessage, WorkerEvent } from '@saas/contracts';
import { Queues } from '@saas/contracts';
import { DomainError } from '@saas/errors';
import type { Logger } from '@saas/logger';
import { type AsyncMessage, type Connection, type Consumer, ConsumerStatus, createResilientConsumer, queueDeclaration } from '@saas/messaging';
import type { BackupExpiry } from '../services/backup-expiry.service';
import type { EventApplier } from '../services/event-applier.service';
import type { InstanceCommands } from '../services/instance-commands.service';
import type { Reconciler } from '../services/reconciler.service';

export interface WorkerEventsConsumerConfig {
  connection: Connection;
  applier: EventApplier;
  reconciler: Reconciler;
  /** Marks the backups the worker removed (retention ended) EXPIRED. */
  backupExpiry: BackupExpiry;
  /** Queues reconciler repairs through the normal pipeline. */
  commands: () => InstanceCommands;
  publish: (messages: TenantChannelMessage[]) => void;
  /** Requests the edge of this subgraph saw, for snapshots whose worker reported none. */
  edgeActivity?: () => EdgeActivity | undefined;
  logger: Logger;
}

/**
 * Consumes worker events one at a time: ordering per instance is kept by event positions,
 * and one-at-a-time also keeps the Redis announcements in the order they were committed.
 */
export function startWorkerEventsConsumer(config: WorkerEventsConsumerConfig): Consumer {
  const { logger } = config;
  const consumer = createResilientConsumer(
    config.connection,
    { queue: Queues.instanceWorkerEvents, queueOptions: queueDeclaration(Queues.instanceWorkerEvents), qos: { prefetchCount: 20 }, concurrency: 1 },
    async (message: AsyncMessage) => {
      const event = parseWorkerEvent(message.body);
      if (!event) {
        logger.error({ messageId: message.messageId }, 'malformed worker event dead-lettered');
        return ConsumerStatus.DROP;
      }
      if (event.kind === 'operation') {
        config.publish(await config.applier.apply(event));
        return ConsumerStatus.ACK;
      }
      await config.backupExpiry.apply(event);
      const activity = event.activity ?? config.edgeActivity?.();
      const result = await config.reconciler.reconcile(activity ? { ...event, activity } : event);
      config.publish(result.messages);
      for (const repair of result.repairs) {
        try {
          await config.commands().system(repair.instanceId, repair.type);
          logger.info({ instanceId: repair.instanceId, operation: repair.type }, 'reconciler queued a repair');
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          logger.info({ instanceId: repair.instanceId, reason: error.message }, 'reconciler repair not queued');
        }
      }
      return ConsumerStatus.ACK;
    },
    { logger },
  );
  return consumer;
}

function parseWorkerEvent(body: unknown): WorkerEvent | null {
  const value = typeof body === 'string' || Buffer.isBuffer(body) ? safeJson(body.toString()) : body;
  if (!value || typeof value !== 'object') return null;
  const event = value as Partial<WorkerEvent>;
  if (event.kind === 'operation') {
    const op = event as Partial<Extract<WorkerEvent, { kind: 'operation' }>>;
    const position = op.position;
    const valid =
      typeof op.instanceId === 'string' &&
      typeof op.operationId === 'string' &&
      typeof op.operationStatus === 'string' &&
      typeof op.at === 'string' &&
      !!position &&
      [position.operationSeq, position.attempt, position.step].every((n) => Number.isInteger(n));
    return valid ? (op as WorkerEvent) : null;
  }
  if (event.kind === 'observation') {
    const observation = event as Partial<Extract<WorkerEvent, { kind: 'observation' }>>;
    const expired = observation.expiredBackups;
    const validExpired =
      expired === undefined ||
      (Array.isArray(expired) && expired.every((backup) => !!backup && typeof backup.instanceId === 'string' && typeof backup.backupId === 'string'));
    return Array.isArray(observation.containers) && typeof observation.environment === 'string' && validExpired ? (observation as WorkerEvent) : null;
  }
  return null;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
