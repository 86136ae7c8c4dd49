import { type InstanceJob, Queues } from '@saas/contracts';
import type { EntityManager } from '@mikro-orm/postgresql';
import { enqueueOutbox } from '@saas/messaging';
import type { Instance } from '../entities/instance.entity';
import type { InstanceOperation } from '../entities/instance-operation.entity';

/** What some job types carry beyond the instance and the operation. */
export interface JobExtras {
  /** RESTORE: the checksum recorded when the backup was taken. */
  backupChecksum?: string | null;
  /** BACKUP, UPGRADE (its PRE_UPGRADE backup): when the plan's retention of the new backup ends; null: kept. */
  retainUntil?: Date | null;
  /** STAGING, REFRESH_STAGING: the production instance to copy. */
  copyFrom?: string;
  /** BACKUP of kind SCHEDULED: kept by grandfather-father-son rotation instead of `retainUntil`. */
  rotation?: { daily: number; weekly: number; monthly: number };
  /** UPGRADE: the series to move to. */
  targetOdooVersion?: string;
}

/**
 * Everything the worker needs for an operation; secrets stay encrypted in transit. A
 * RESTORE carries the checksum recorded when the backup was taken, so a damaged archive
 * is refused; a BACKUP carries until when the worker keeps the archive.
 */
export function buildJob(instance: Instance, operation: InstanceOperation, { backupChecksum, retainUntil, copyFrom, rotation, targetOdooVersion }: JobExtras = {}): InstanceJob {
  return {
    operationId: operation.id,
    operationSeq: operation.seq,
    type: operation.type,
    instance: {
      id: instance.id,
      tenantId: instance.tenantId,
      subdomain: instance.subdomain,
      odooVersion: instance.odooVersion,
      modules: instance.modules,
      resources: instance.resources,
      secrets: {
        databasePassword: instance.databasePasswordEncrypted,
        adminPassword: instance.adminPasswordEncrypted,
      },
      ...(instance.stagingOfId ? { staging: true } : {}),
    },
    ...(copyFrom ? { copyFrom: { instanceId: copyFrom } } : {}),
    ...(operation.backupId ? { backupId: operation.backupId } : {}),
    ...(targetOdooVersion ? { targetOdooVersion } : {}),
    ...(backupChecksum ? { backupChecksum } : {}),
    ...(retainUntil ? { retainUntil: retainUntil.toISOString() } : {}),
    ...(rotation ? { rotation } : {}),
    requestedAt: operation.createdAt.toISOString(),
  };
}

/** Queues the job in the outbox of the transaction that created the operation. */
export function enqueueJob(em: EntityManager, instance: Instance, operation: InstanceOperation, extras: JobExtras = {}): void {
  enqueueOutbox(em, { exchange: '', routingKey: Queues.instanceJobs, payload: buildJob(instance, operation, extras) });
}
