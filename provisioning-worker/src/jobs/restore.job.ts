import { rm, stat } from 'node:fs/promises';
import { backupPaths, readBackupArchive, recordedChecksum, sha256File } from '../backup/backup-archive';
import { restoreDatabase } from '../backup/pg-tools';
import { withVolumeContainer } from '../backup/volume-access';
import { copyIn } from '../docker/archive';
import { inspectContainer, runToCompletion, startContainer, stopContainer } from '../docker/containers';
import { JobError } from '../errors';
import { filestorePath, ODOO_DATA_DIR } from '../instance-names';
import type { JobHandler } from './job-context';
import { ensureOdooContainer, healthyFacts, helperSpec, instanceDatabase } from './odoo-instance';
import { STOP_TIMEOUT_SECONDS } from './stop.job';

/**
 * Replaces the database and the filestore with a backup's, then starts the instance. The
 * archive is verified first, so nothing is touched when it is missing or damaged.
 */
export const restoreJob: JobHandler<'RESTORE'> = async (context) => {
  const { docker, odooDb, settings } = context.services;
  const { instance, backupId } = context.job;
  if (!backupId) throw new JobError('INVALID_JOB', 'a RESTORE job needs a backupId');
  const paths = backupPaths(settings.backupDir, instance.tenantId, instance.id, backupId);

  await context.step('verify');
  if (!(await stat(paths.archive).catch(() => undefined))) throw new JobError('BACKUP_NOT_FOUND', `backup ${backupId} not found`);
  const expected = context.job.backupChecksum ?? (await recordedChecksum(paths));
  if (!expected) throw new JobError('BACKUP_CORRUPT', `backup ${backupId} has no recorded checksum`);
  const actual = await sha256File(paths.archive);
  if (actual !== expected) throw new JobError('BACKUP_CORRUPT', `backup ${backupId} is damaged: checksum ${actual} does not match ${expected}`);

  await rm(paths.work, { recursive: true, force: true });
  try {
    const extracted = await readBackupArchive(paths.archive, paths.work);
    if (extracted.manifest.instanceId !== instance.id) {
      throw new JobError('BACKUP_CORRUPT', `backup ${backupId} belongs to instance ${extracted.manifest.instanceId}`);
    }

    await context.step('stop');
    const info = await inspectContainer(docker, context.names.container);
    if (info) await stopContainer(docker.getContainer(info.Id), STOP_TIMEOUT_SECONDS);

    await context.step('database');
    const database = instanceDatabase(context);
    await odooDb.ensureInstanceDatabase(database);
    await odooDb.recreateDatabase(database);
    await restoreDatabase(odooDb.connection, context.names.database, context.names.role, extracted.database).catch((error: unknown) => {
      throw new JobError('RESTORE_FAILED', error instanceof Error ? error.message : String(error), { cause: error });
    });

    await context.step('filestore');
    // The archive API cannot delete: clear the filestore with a one-off container first,
    // so files written after the backup do not survive the restore.
    await runToCompletion(
      docker,
      helperSpec(context, {
        entrypoint: ['/bin/sh', '-c', 'rm -rf -- "$1" && mkdir -p -- "$2"', 'sh'],
        cmd: [filestorePath(context.names.database), `${ODOO_DATA_DIR}/filestore`],
      }),
      settings.initTimeoutMs,
      'Clearing the filestore',
    );
    if (extracted.filestore) {
      const filestore = extracted.filestore;
      await withVolumeContainer(context, (container) => copyIn(container, `${ODOO_DATA_DIR}/filestore`, filestore));
    }

    await context.step('start');
    const container = await ensureOdooContainer(context);
    await startContainer(container);

    await context.step('health');
    const facts = await healthyFacts(context);
    return { instanceStatus: 'RUNNING', message: `Backup ${backupId} restored`, facts };
  } finally {
    await rm(paths.work, { recursive: true, force: true });
  }
};
