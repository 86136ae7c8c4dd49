import path from 'node:path';
import { backupKeys } from '@saas/backups';
import type { BackupFacts } from '@saas/contracts';
import { writeRetention } from '../backup/backup-retention';
import { dumpSql } from '../backup/pg-tools';
import { withWorkDir } from '../backup/restore-from-backup';
import { recordedChecksum, sha256Of, type StoredBackup } from '../backup/stored-backup';
import { verifyStoredBackup } from '../backup/verify-backup';
import { writeOdooBackup } from '../backup/write-odoo-backup';
import { inspectContainer } from '../docker/containers';
import { JobError } from '../errors';
import type { JobContext, JobHandler } from './job-context';

/** Instances are backed up where they stand: a stopped one stays stopped. */
export async function currentStatus(context: JobContext): Promise<'RUNNING' | 'STOPPED'> {
  const info = await inspectContainer(context.services.docker, context.names.container);
  return info?.State.Running ? 'RUNNING' : 'STOPPED';
}

/**
 * Odoo's database-manager zip of the instance (`dump.sql`, `filestore/`, `manifest.json`)
 * in the backup store, its SHA-256 beside it, a retention sidecar the reconciler acts on,
 * and then a verification: restored into a scratch database and checked. A backup that
 * fails its verification fails the operation (the instance stays as it was) and is
 * reported FAILED: never a silent success.
 */
export const backupJob: JobHandler<'BACKUP'> = async (context) => {
  const { store } = context.services;
  const { instance, backupId, retainUntil, rotation } = context.job;
  if (!backupId) throw new JobError('INVALID_JOB', 'a BACKUP job needs a backupId');
  const keys = backupKeys(instance.tenantId, instance.id, backupId);
  const stored: StoredBackup = { backupId, format: 'zip', keys };

  let facts: BackupFacts;
  // A re-run after the archive was complete (crash before the ack): adopt it as it is.
  const existing = await store.stat(keys.archive);
  if (existing) {
    await context.step('archive', 'Backup archive already written');
    const checksum = (await recordedChecksum(store, keys)) ?? (await sha256Of(store, keys.archive));
    facts = { backupId, sizeBytes: existing.sizeBytes, checksum, location: store.describe(keys.archive) };
  } else {
    facts = await withWorkDir(context, 'backup', async (work) => {
      await context.step('database');
      const dump = path.join(work, 'dump.sql');
      await dumpSql(context.services.odooDb.connection, context.names.database, context.names.role, dump).catch((error: unknown) => {
        throw new JobError('BACKUP_FAILED', error instanceof Error ? error.message : String(error), { cause: error });
      });
      await context.step('filestore');
      const written = await writeOdooBackup(context, keys, dump, backupId);
      await context.step('archive');
      return { backupId, sizeBytes: written.sizeBytes, checksum: written.checksum, location: store.describe(keys.archive) };
    });
  }
  const createdAt = context.job.requestedAt;
  if (rotation) await writeRetention(store, keys, { backupId, instanceId: instance.id, tenantId: instance.tenantId, rotation, createdAt });
  else if (retainUntil) await writeRetention(store, keys, { backupId, instanceId: instance.id, tenantId: instance.tenantId, retainUntil });

  await context.step('verify');
  const verification = await verifyStoredBackup(context, stored);
  const instanceStatus = await currentStatus(context);
  if (verification.status === 'FAILED') {
    throw new JobError('BACKUP_UNVERIFIED', `Backup ${backupId} was written but FAILED its verification: ${verification.reason}`, { instanceStatus, verification });
  }
  return { instanceStatus, message: 'Backup complete and verified', backup: facts, verification };
};
