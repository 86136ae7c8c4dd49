import path from 'node:path';
import { backupKeys } from '@saas/backups';
import type { BackupFacts, BackupVerificationFacts } from '@saas/contracts';
import { JobError } from '../errors';
import type { JobContext } from '../jobs/job-context';
import { writeRetention } from './backup-retention';
import { dumpSql } from './pg-tools';
import { withWorkDir } from './restore-from-backup';
import { recordedChecksum, sha256Of, type StoredBackup } from './stored-backup';
import { verifyStoredBackup } from './verify-backup';
import { writeOdooBackup } from './write-odoo-backup';

/** The phases of taking a backup, reported by the job that takes it (BACKUP, UPGRADE). */
export type BackupPhase = 'database' | 'filestore' | 'archive' | 'verify';

export interface TakenBackup {
  stored: StoredBackup;
  facts: BackupFacts;
  verification: BackupVerificationFacts;
}

/**
 * Odoo's database-manager zip of the instance (`dump.sql`, `filestore/`, `manifest.json`)
 * in the backup store, its SHA-256 beside it, the job's retention sidecar, then a
 * verification (restored into a scratch database and checked). A re-run after the archive
 * was complete (crash before the ack) adopts it as it is. The caller decides what a FAILED
 * verification means.
 */
export async function takeBackup(
  context: JobContext,
  backupId: string,
  report: (phase: BackupPhase, message?: string) => Promise<void>,
): Promise<TakenBackup> {
  const { store } = context.services;
  const { instance, retainUntil, rotation } = context.job;
  const keys = backupKeys(instance.tenantId, instance.id, backupId);
  const stored: StoredBackup = { backupId, format: 'zip', keys };

  let facts: BackupFacts;
  const existing = await store.stat(keys.archive);
  if (existing) {
    await report('archive', 'Backup archive already written');
    const checksum = (await recordedChecksum(store, keys)) ?? (await sha256Of(store, keys.archive));
    facts = { backupId, sizeBytes: existing.sizeBytes, checksum, location: store.describe(keys.archive) };
  } else {
    facts = await withWorkDir(context, 'backup', async (work) => {
      await report('database');
      const dump = path.join(work, 'dump.sql');
      await dumpSql(context.services.odooDb.connection, context.names.database, context.names.role, dump).catch((error: unknown) => {
        throw new JobError('BACKUP_FAILED', error instanceof Error ? error.message : String(error), { cause: error });
      });
      await report('filestore');
      const written = await writeOdooBackup(context, keys, dump, backupId);
      await report('archive');
      return { backupId, sizeBytes: written.sizeBytes, checksum: written.checksum, location: store.describe(keys.archive) };
    });
  }
  const createdAt = context.job.requestedAt;
  if (rotation) await writeRetention(store, keys, { backupId, instanceId: instance.id, tenantId: instance.tenantId, rotation, createdAt });
  else if (retainUntil) await writeRetention(store, keys, { backupId, instanceId: instance.id, tenantId: instance.tenantId, retainUntil });

  await report('verify');
  const verification = await verifyStoredBackup(context, stored);
  return { stored, facts, verification };
}
