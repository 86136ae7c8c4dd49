import { restoreDatabaseFrom, restoreFilestoreFrom } from '../backup/restore-from-backup';
import { findStoredBackup, requireIntactArchive } from '../backup/stored-backup';
import { removeContainer, runToCompletion } from '../docker/containers';
import { initCommand, instanceLabels } from '../docker/container-spec';
import { ensureNetwork } from '../docker/network';
import { ensureImage } from '../docker/pull';
import { ensureVolume } from '../docker/volumes';
import { JobError } from '../errors';
import type { JobContext, JobHandler } from './job-context';
import { bringUp, helperSpec, imageOf, instanceDatabase } from './odoo-instance';

/**
 * Role + database, volume, initialised database, container, healthy. Every step adopts
 * what an earlier (crashed or failed) attempt left, so a redelivered job completes with
 * exactly one of each. An import (importInstance: the job names the instance's IMPORT
 * backup) restores that backup instead of initialising a fresh database, with the same
 * restore as a RESTORE job.
 */
export const createJob: JobHandler<'CREATE'> = async (context) => {
  const { docker, odooDb, settings } = context.services;
  const { instance } = context.job;
  const labels = instanceLabels(settings.environment, instance);

  await context.step('image');
  await ensureImage(docker, imageOf(context), settings.pullTimeoutMs, context.logger);

  await context.step('database');
  await ensureNetwork(docker, settings.network, { 'saas.managed-by': 'provisioning-worker' });
  await odooDb.ensureInstanceDatabase(instanceDatabase(context));

  await context.step('volume');
  await ensureVolume(docker, context.names.volume, labels);

  if (context.job.backupId) {
    await context.step('initialise', 'Restoring the imported Odoo zip');
    await restoreImported(context, context.job.backupId);
  } else if (await odooDb.isInitialised(context.names.database)) {
    await context.step('initialise', 'Database already initialised');
    // A worker killed while the initialisation ran left its helper container behind.
    await removeContainer(docker, context.names.helperContainer);
  } else {
    await context.step('initialise');
    await runToCompletion(
      docker,
      helperSpec(context, { cmd: initCommand(context.names.database, instance.modules) }),
      settings.initTimeoutMs,
      'Database initialisation (odoo -i base)',
    );
  }

  return bringUp(context, 'Instance is running');
};

/** The database and filestore of the uploaded zip, its checksum verified first; a re-run restores again from scratch. */
async function restoreImported(context: JobContext<'CREATE'>, backupId: string): Promise<void> {
  const { store } = context.services;
  const { instance } = context.job;
  const stored = await findStoredBackup(store, instance.tenantId, instance.id, backupId);
  if (!stored) throw new JobError('BACKUP_NOT_FOUND', `imported backup ${backupId} not found`, { instanceStatus: 'FAILED' });
  await requireIntactArchive(store, stored, context.job.backupChecksum, 'FAILED');
  await restoreDatabaseFrom(context, stored);
  await restoreFilestoreFrom(context, stored);
}
