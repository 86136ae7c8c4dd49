import { type BackupStore, rotationKeepers } from '@saas/backups';
import type { ExpiredBackup } from '@saas/contracts';
import type { Logger } from '@saas/logger';
import { isExpired, listRetainedBackups, removeArchive, removeRetention, type RetainedBackup } from '../backup/backup-retention';
import type { InstanceLocks } from '../consumer/instance-lock';

/** A backup whose archive is gone, still to be reported to the instance subgraph. */
export interface RemovedBackup extends ExpiredBackup {
  retained: RetainedBackup;
}

/**
 * Which of an instance's backups may go now: those whose `retainUntil` passed, and the
 * SCHEDULED ones grandfather-father-son rotation no longer keeps (policy of the newest).
 */
export function expiredOf(backups: readonly RetainedBackup[], now: Date): RetainedBackup[] {
  const rotated = backups
    .filter((backup) => backup.record.rotation && backup.record.createdAt && !Number.isNaN(Date.parse(backup.record.createdAt)))
    .map((backup) => ({ backup, createdAt: new Date(backup.record.createdAt!) }))
    .filter(({ createdAt }) => createdAt.getTime() <= now.getTime());
  const newest = rotated.reduce<(typeof rotated)[number] | undefined>((found, next) => (!found || next.createdAt > found.createdAt ? next : found), undefined);
  const keep = newest ? rotationKeepers(rotated.map(({ backup, createdAt }) => ({ id: backup.record.backupId, createdAt })), newest.backup.record.rotation!) : new Set<string>();
  return backups.filter((backup) => {
    if (backup.record.retainUntil && isExpired(backup.record.retainUntil, now)) return true;
    return rotated.some((entry) => entry.backup === backup) && !keep.has(backup.record.backupId);
  });
}

/**
 * Removes archives whose retention ended. An instance a job holds (a BACKUP writing, a
 * RESTORE reading) is skipped until a later round. The sidecar outlives the archive as the
 * record of what is still to report: a lost report, or a worker that died before it, is
 * reported again at the next round, and the sidecar goes only once a report was confirmed.
 */
export class BackupExpiry {
  constructor(
    private readonly store: BackupStore,
    private readonly locks: Pick<InstanceLocks, 'tryAcquire'>,
    private readonly logger: Logger,
  ) {}

  async sweep(now: Date = new Date()): Promise<RemovedBackup[]> {
    const retained = await listRetainedBackups(this.store, (key, reason) => this.logger.warn({ key, reason }, 'backup retention file skipped'));
    const byInstance = new Map<string, RetainedBackup[]>();
    for (const backup of retained) byInstance.set(backup.record.instanceId, [...(byInstance.get(backup.record.instanceId) ?? []), backup]);
    const removed: RemovedBackup[] = [];
    for (const [instanceId, backups] of byInstance) {
      const expired = expiredOf(backups, now);
      if (expired.length === 0) continue;
      const release = await this.locks.tryAcquire(instanceId).catch((error: unknown) => {
        this.logger.warn({ err: error, instanceId }, 'instance lock unavailable; expired backups kept for now');
        return undefined;
      });
      if (!release) continue;
      try {
        for (const backup of expired) {
          await removeArchive(this.store, backup.keys);
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
    for (const backup of removed) await removeRetention(this.store, backup.retained.keys);
  }
}
