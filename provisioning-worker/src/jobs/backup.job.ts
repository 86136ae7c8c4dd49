import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { BackupFacts } from '@saas/contracts';
import { type BackupManifest, backupPaths, recordedChecksum, sha256File, writeBackupArchive } from '../backup/backup-archive';
import { writeRetention } from '../backup/backup-retention';
import { dumpDatabase } from '../backup/pg-tools';
import { withVolumeContainer } from '../backup/volume-access';
import { copyOut } from '../docker/archive';
import { inspectContainer } from '../docker/containers';
import { JobError } from '../errors';
import { filestorePath } from '../instance-names';
import type { JobContext, JobHandler } from './job-context';

/** Instances are backed up where they stand: a stopped one stays stopped. */
async function currentStatus(context: JobContext): Promise<'RUNNING' | 'STOPPED'> {
  const info = await inspectContainer(context.services.docker, context.names.container);
  return info?.State.Running ? 'RUNNING' : 'STOPPED';
}

/**
 * `pg_dump -Fc` of the instance database and its filestore (Docker archive API), in one
 * tar under BACKUP_DIR/<tenant>/<instance>/<backup>.tar with a sha256 beside it, and, when
 * the job says until when the plan keeps it, a retention sidecar the reconciler acts on.
 */
export const backupJob: JobHandler<'BACKUP'> = async (context) => {
  const { odooDb, settings } = context.services;
  const { instance, backupId, retainUntil } = context.job;
  if (!backupId) throw new JobError('INVALID_JOB', 'a BACKUP job needs a backupId');
  const paths = backupPaths(settings.backupDir, instance.tenantId, instance.id, backupId);
  const facts = (sizeBytes: number, checksum: string): BackupFacts => ({ backupId, sizeBytes, checksum, location: paths.archive });
  const recordRetention = async () => {
    if (retainUntil) await writeRetention(paths, { backupId, instanceId: instance.id, tenantId: instance.tenantId, retainUntil });
  };

  // A re-run after the archive was complete (crash before the ack): report it as it is.
  const existing = await stat(paths.archive).catch(() => undefined);
  if (existing) {
    await context.step('archive', 'Backup archive already written');
    const checksum = (await recordedChecksum(paths)) ?? (await sha256File(paths.archive));
    await recordRetention();
    return { instanceStatus: await currentStatus(context), message: 'Backup complete', backup: facts(existing.size, checksum) };
  }

  await rm(paths.work, { recursive: true, force: true });
  await mkdir(paths.work, { recursive: true });
  try {
    await context.step('database');
    const dumpFile = path.join(paths.work, 'database.dump');
    await dumpDatabase(odooDb.connection, context.names.database, context.names.role, dumpFile).catch((error: unknown) => {
      throw new JobError('BACKUP_FAILED', error instanceof Error ? error.message : String(error), { cause: error });
    });

    await context.step('filestore');
    const filestoreFile = path.join(paths.work, 'filestore.tar');
    const hasFilestore = await withVolumeContainer(context, (container) =>
      copyOut(container, filestorePath(context.names.database), filestoreFile),
    );

    await context.step('archive');
    const manifest: BackupManifest = {
      format: 1,
      backupId,
      instanceId: instance.id,
      tenantId: instance.tenantId,
      databaseName: context.names.database,
      odooVersion: instance.odooVersion,
      createdAt: new Date().toISOString(),
      hasFilestore,
      ...(retainUntil ? { retainUntil } : {}),
    };
    const written = await writeBackupArchive(paths, manifest, { database: dumpFile, filestore: hasFilestore ? filestoreFile : undefined });
    await recordRetention();
    return { instanceStatus: await currentStatus(context), message: 'Backup complete', backup: facts(written.sizeBytes, written.checksum) };
  } finally {
    await rm(paths.work, { recursive: true, force: true });
  }
};
