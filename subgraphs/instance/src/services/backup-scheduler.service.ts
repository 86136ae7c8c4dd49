import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { InstanceStatus } from '@saas/contracts';
import { ConflictError } from '@saas/errors';
import type { Logger } from '@saas/logger';
import { type BackupWindow, scheduleDecision } from '../domain/backup-schedule';
import type { BackupRotation } from '../entities/instance.entity';
import type { InstanceCommands } from './instance-commands.service';

/** Grandfather-father-son: 7 daily, 4 weekly, 3 monthly, unless the instance carries its plan's. */
export const DEFAULT_ROTATION: BackupRotation = { daily: 7, weekly: 4, monthly: 3 };

interface Row {
  id: string;
  status: InstanceStatus;
  backup_rotation: BackupRotation | null;
  last_scheduled_for: string | null;
  last_backup_at: Date | null;
  last_change_at: Date | null;
}

// Staging copies are throw-away copies of an instance that is backed up itself.
const CANDIDATES = `
  select i.id, i.status, i.backup_rotation,
    (select to_char(max(b.scheduled_for), 'YYYY-MM-DD') from backups b where b.instance_id = i.id and b.kind = 'SCHEDULED') as last_scheduled_for,
    (select max(b.created_at) from backups b where b.instance_id = i.id and b.status = 'COMPLETED') as last_backup_at,
    (select max(o.created_at) from instance_operations o where o.instance_id = i.id and o.type <> 'BACKUP') as last_change_at
  from instances i
  where i.deleted_at is null and i.staging_of_id is null and i.status in ('RUNNING', 'STOPPED')`;

/**
 * Daily SCHEDULED backups, queued through the normal pipeline (a BACKUP operation the worker
 * runs, verifies and keeps by rotation). Each instance has its own quiet time in the window
 * (domain/backup-schedule.ts); a STOPPED instance that did not change since its last backup is
 * skipped. Several replicas may tick at once: the unique (instance, day) index of SCHEDULED
 * backups lets one of them queue it. An instance busy with another operation is tried again
 * at the next tick.
 */
export class BackupScheduler {
  constructor(
    private readonly deps: { em: EntityManager; commands: () => InstanceCommands; window: BackupWindow; logger: Logger },
  ) {}

  async tick(now = new Date()): Promise<number> {
    const rows = (await this.deps.em.fork().execute(CANDIDATES)) as Row[];
    let queued = 0;
    for (const row of rows) {
      const decision = scheduleDecision(
        {
          instanceId: row.id,
          status: row.status,
          lastScheduledFor: row.last_scheduled_for,
          lastBackupAt: row.last_backup_at ? new Date(row.last_backup_at) : null,
          lastChangeAt: row.last_change_at ? new Date(row.last_change_at) : null,
        },
        now,
        this.deps.window,
      );
      if (!decision.due) continue;
      try {
        await this.deps.commands().scheduledBackup(row.id, decision.day, row.backup_rotation ?? DEFAULT_ROTATION);
        queued += 1;
        this.deps.logger.info({ instanceId: row.id, day: decision.day }, 'scheduled backup queued');
      } catch (error) {
        if (error instanceof ConflictError || error instanceof UniqueConstraintViolationException) {
          this.deps.logger.debug({ instanceId: row.id, reason: error.message }, 'scheduled backup not queued now');
        } else {
          this.deps.logger.warn({ err: error, instanceId: row.id }, 'scheduled backup could not be queued');
        }
      }
    }
    return queued;
  }
}
