import { restoreDatabaseFrom, restoreFilestoreFrom } from '../backup/restore-from-backup';
import { findStoredBackup, requireIntactArchive } from '../backup/stored-backup';
import { inspectContainer, startContainer, stopContainer } from '../docker/containers';
import { JobError } from '../errors';
import { currentStatus } from './backup.job';
import type { JobHandler } from './job-context';
import { ensureOdooContainer, healthyFacts } from './odoo-instance';
import { STOP_TIMEOUT_SECONDS } from './stop.job';

/**
 * Replaces the database and the filestore with a backup's (Odoo's zip, or the platform's
 * first tar format), then starts the instance. The archive's checksum is verified first:
 * a missing or damaged backup is refused before anything is touched, the instance stays as
 * it was, and the backup is reported FAILED.
 */
export const restoreJob: JobHandler<'RESTORE'> = async (context) => {
  const { docker, store } = context.services;
  const { instance, backupId } = context.job;
  if (!backupId) throw new JobError('INVALID_JOB', 'a RESTORE job needs a backupId');

  await context.step('verify');
  const stored = await findStoredBackup(store, instance.tenantId, instance.id, backupId);
  if (!stored) throw new JobError('BACKUP_NOT_FOUND', `backup ${backupId} not found`, { instanceStatus: await currentStatus(context) });
  await requireIntactArchive(store, stored, context.job.backupChecksum, await currentStatus(context));

  await context.step('stop');
  const info = await inspectContainer(docker, context.names.container);
  if (info) await stopContainer(docker.getContainer(info.Id), STOP_TIMEOUT_SECONDS);

  await context.step('database');
  await restoreDatabaseFrom(context, stored);

  await context.step('filestore');
  await restoreFilestoreFrom(context, stored);

  await context.step('start');
  await startContainer(await ensureOdooContainer(context));
  await context.step('health');
  return { instanceStatus: 'RUNNING', message: `Backup ${backupId} restored`, facts: await healthyFacts(context) };
};
