import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { BackupVerificationFacts, JobReference, OperationEvent, TenantChannelMessage } from '@saas/contracts';
import type { Logger } from '@saas/logger';
import { enqueueAuditEvent } from '@saas/messaging';
import { backupVerifications } from '../instance-metrics';
import { Backup } from '../entities/backup.entity';
import { Instance } from '../entities/instance.entity';
import { ACTIVE_OPERATION_STATUSES, InstanceOperation } from '../entities/instance-operation.entity';
import { endOfOperation, isAfterApplied, markApplied } from './event-position';
import { changeStatus, operationProgressMessage } from './status-changes';

/** Operations that write a backup of their own: BACKUP, and UPGRADE's PRE_UPGRADE backup. */
const TAKES_A_BACKUP = new Set(['BACKUP', 'UPGRADE']);

/**
 * Applies the worker's operation events in order per instance. An event not after the
 * last one applied (a duplicate, a redelivery, a late event of an earlier attempt) changes
 * nothing. Returns what to publish to Redis once committed.
 */
export class EventApplier {
  constructor(
    private readonly em: EntityManager,
    private readonly logger: Logger,
  ) {}

  async apply(event: OperationEvent): Promise<TenantChannelMessage[]> {
    return this.em.fork().transactional(async (em) => {
      const instance = await em.findOne(Instance, { id: event.instanceId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!instance) {
        this.logger.warn({ instanceId: event.instanceId, operationId: event.operationId }, 'event for an unknown instance ignored');
        return [];
      }
      if (!isAfterApplied(instance, event.position)) return [];
      const operation = await em.findOne(InstanceOperation, { id: event.operationId, instanceId: instance.id });
      if (!operation) {
        this.logger.warn({ instanceId: instance.id, operationId: event.operationId }, 'event for an unknown operation ignored');
        return [];
      }
      if (!ACTIVE_OPERATION_STATUSES.includes(operation.status)) {
        // An ended operation is final: a second copy of its job (redelivered after the worker
        // republished the next attempt but died before the ack) cannot reopen it.
        this.logger.info({ instanceId: instance.id, operationId: operation.id, status: operation.status, position: event.position }, 'event for an ended operation ignored');
        return [];
      }
      markApplied(instance, event.position);
      const at = new Date(event.at);
      this.updateOperation(operation, event, at);
      this.applyFacts(instance, event);
      if (event.backup || (TAKES_A_BACKUP.has(operation.type) && event.operationStatus === 'FAILED')) {
        await this.updateBackup(em, operation, event, at);
      }
      if (event.verification) await this.recordVerification(em, instance, event.verification);
      const messages: TenantChannelMessage[] = [];
      if (event.instanceStatus && event.instanceStatus !== instance.status) {
        const message = event.operationStatus === 'FAILED' ? (event.error ?? event.message ?? null) : (event.message ?? null);
        messages.push(changeStatus(em, instance, event.instanceStatus, message, operation.id, at));
        if (event.instanceStatus === 'DELETED') instance.deletedAt = at;
      } else if (event.operationStatus === 'FAILED' && event.error) {
        instance.statusMessage = event.error;
      }
      messages.push(operationProgressMessage(operation, at));
      return messages;
    });
  }

  /**
   * The broker gave up a job the worker never finished (dead-lettered): its operation, if
   * still QUEUED or RUNNING, fails with `reason` and the instance with it, as after the last
   * attempt; later events of that job change nothing. An operation that ended stays as is.
   */
  async failAbandonedJob(job: JobReference, reason: string): Promise<TenantChannelMessage[]> {
    return this.em.fork().transactional(async (em) => {
      const instance = await em.findOne(Instance, { id: job.instanceId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const operation = instance && (await em.findOne(InstanceOperation, { id: job.operationId, instanceId: instance.id }));
      if (!instance || !operation || !ACTIVE_OPERATION_STATUSES.includes(operation.status)) {
        this.logger.info({ instanceId: job.instanceId, operationId: job.operationId, status: operation?.status }, 'dead-lettered job of an ended or unknown operation ignored');
        return [];
      }
      const end = endOfOperation(operation.seq);
      if (isAfterApplied(instance, end)) markApplied(instance, end);
      const at = new Date();
      operation.status = 'FAILED';
      operation.error = reason;
      operation.message = 'Operation failed';
      operation.startedAt ??= at;
      operation.finishedAt = at;
      if (TAKES_A_BACKUP.has(operation.type)) {
        await this.updateBackup(em, operation, { operationStatus: 'FAILED' }, at);
      }
      this.logger.warn({ instanceId: instance.id, operationId: operation.id, reason }, 'operation failed: its job was dead-lettered');
      const messages: TenantChannelMessage[] = [];
      if (instance.status !== 'FAILED') messages.push(changeStatus(em, instance, 'FAILED', reason, operation.id, at));
      else instance.statusMessage = reason;
      messages.push(operationProgressMessage(operation, at));
      return messages;
    });
  }

  private updateOperation(operation: InstanceOperation, event: OperationEvent, at: Date): void {
    operation.status = event.operationStatus;
    operation.progress = Math.max(0, Math.min(100, Math.round(event.progress)));
    operation.message = event.message ?? operation.message;
    operation.attempts = Math.max(operation.attempts, event.position.attempt);
    operation.startedAt ??= at;
    if (event.operationStatus === 'FAILED') operation.error = event.error ?? 'The operation failed.';
    if (event.operationStatus === 'SUCCEEDED' || event.operationStatus === 'FAILED') operation.finishedAt = at;
  }

  private applyFacts(instance: Instance, event: OperationEvent): void {
    const facts = event.facts;
    if (!facts) return;
    if (facts.url) instance.url = facts.url;
    if (facts.directUrl !== undefined) instance.directUrl = facts.directUrl;
    if (facts.containerId !== undefined) instance.containerId = facts.containerId;
    if (facts.databaseName !== undefined) instance.databaseName = facts.databaseName;
    if (facts.memoryInUseBytes !== undefined) instance.hibernatedMemoryBytes = facts.memoryInUseBytes;
    // UPGRADE: the target after a success, the old series after a rollback.
    if (facts.odooVersion) instance.odooVersion = facts.odooVersion;
  }

  /**
   * A backup's verification (the BACKUP job's scratch restore, or a RESTORE that found the
   * archive damaged). A FAILED one is loud: counted (`backup_verifications_total`), audited
   * (`backup.verification_failed`), and the status event of the operation says why.
   */
  private async recordVerification(em: EntityManager, instance: Instance, verification: BackupVerificationFacts): Promise<void> {
    const backup = await em.findOne(Backup, { id: verification.backupId, instanceId: instance.id });
    if (!backup) return;
    backup.verification = verification.status;
    backup.verifiedAt = new Date(verification.at);
    backup.verificationError = verification.status === 'FAILED' ? (verification.reason ?? 'verification failed') : null;
    backupVerifications().inc({ result: verification.status.toLowerCase() });
    if (verification.status === 'PASSED') return;
    this.logger.error({ instanceId: instance.id, backupId: backup.id, reason: backup.verificationError }, 'backup FAILED its verification');
    enqueueAuditEvent(em, {
      tenantId: instance.tenantId,
      actorUserId: null,
      action: 'backup.verification_failed',
      targetType: 'backup',
      targetId: backup.id,
      ip: null,
      source: 'instance',
    });
  }

  private async updateBackup(
    em: EntityManager,
    operation: InstanceOperation,
    event: Pick<OperationEvent, 'backup' | 'operationStatus'>,
    at: Date,
  ): Promise<void> {
    const backupId = event.backup?.backupId ?? operation.backupId;
    if (!backupId || !TAKES_A_BACKUP.has(operation.type)) return;
    const backup = await em.findOne(Backup, { id: backupId, instanceId: operation.instanceId });
    // Expired is final: its archive is gone, whatever a late event of its job says.
    if (!backup || backup.status === 'EXPIRED') return;
    if (event.backup) {
      backup.status = 'COMPLETED';
      backup.sizeBytes = String(event.backup.sizeBytes);
      backup.checksum = event.backup.checksum;
      backup.location = event.backup.location;
      backup.completedAt = at;
    } else {
      backup.status = 'FAILED';
    }
  }
}
