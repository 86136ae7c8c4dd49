import type { EntityManager } from '@mikro-orm/postgresql';
import type { ExpiredBackup, ObservationEvent } from '@saas/contracts';
import type { Logger } from '@saas/logger';
import { Backup } from '../entities/backup.entity';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Applies the worker's report of backups it removed when their retention ended: each
 * becomes EXPIRED, its location cleared. The worker repeats a report it is not sure was
 * delivered, so applying one twice changes nothing. A FAILED backup stays FAILED.
 */
export class BackupExpiry {
  constructor(
    private readonly em: EntityManager,
    private readonly environment: string,
    private readonly logger: Logger,
  ) {}

  /** The number of backups that became EXPIRED. */
  async apply(snapshot: Pick<ObservationEvent, 'environment' | 'expiredBackups'>): Promise<number> {
    if (snapshot.environment !== this.environment) return 0;
    // Backup ids are UUIDs here; anything else is not one of ours (and would not parse as uuid).
    const reported = (snapshot.expiredBackups ?? []).filter((backup) => UUID.test(backup.backupId) && UUID.test(backup.instanceId));
    if (reported.length === 0) return 0;
    const expired = await this.em.fork().nativeUpdate(
      Backup,
      {
        $or: reported.map(({ instanceId, backupId }: ExpiredBackup) => ({ id: backupId, instanceId })),
        status: { $in: ['COMPLETED', 'PENDING'] },
      },
      { status: 'EXPIRED', location: null },
    );
    if (expired > 0) this.logger.info({ backups: expired, reported: reported.length }, 'backups expired under the plan retention');
    return expired;
  }
}
