import type { ExpiredBackup } from '@saas/contracts';
import type { Logger } from '@saas/logger';
import { isExpired, listRetainedBackups, removeArchive, removeRetention, type RetainedBackup } from '../backup/backup-retention';
import type { InstanceLocks } from '../consumer/instance-lock';

/** A backup whose archive is gone, still to be reported to the instance subgraph. */
export interface RemovedBackup extends ExpiredBackup {
  retained: RetainedBackup;
}

/**
 * Removes archives whose retention ended. An instance a job holds (a BACKUP writing, a
 * RESTORE reading) is skipped until a later round. The sidecar outlives the archive as the
 * record of what is still to report: a lost report, or a worker that died before it, is
 * reported again at the next round, and the sidecar goes only once a report was confirmed.
 */
export class BackupExpiry {
  constructor(
    private readonly backupDir: string,
    private readonly locks: Pick<InstanceLocks, 'tryAcquire'>,
    private readonly logger: Logger,
  ) {}

  async sweep(now: Date = new Date()): Promise<RemovedBackup[]> {
    const retained = await listRetainedBackups(this.backupDir, (file, reason) => this.logger.warn({ file, reason }, 'backup retention file skipped'));
    const byInstance = new Map<string, RetainedBackup[]>();
    for (const backup of retained) {
      if (!isExpired(backup.record.retainUntil, now)) continue;
      byInstance.set(backup.record.instanceId, [...(byInstance.get(backup.record.instanceId) ?? []), backup]);
    }
    const removed: RemovedBackup[] = [];
    for (const [instanceId, backups] of byInstance) {
      const release = await this.locks.tryAcquire(instanceId).catch((error: unknown) => {
        this.logger.warn({ err: error, instanceId }, 'instance lock unavailable; expired backups kept for now');
        return undefined;
      });
      if (!release) continue;
      try {
        for (const backup of backups) {
          await removeArchive(backup.paths);
          removed.push({ instanceId, backupId: backup.record.backupId, retained: backup });
        }
      } finally {
        await release();
      }
    }
    if (removed.length > 0) this.logger.info({ backups: removed.map((backup) => backup.backupId) }, 'removed expired backups');
    return removed;
  }

  /** After the broker confirmed the report. */
  async reported(removed: RemovedBackup[]): Promise<void> {
    for (const backup of removed) await removeRetention(backup.retained.paths);
  }
}
