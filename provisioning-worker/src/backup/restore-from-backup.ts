import { createReadStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { withOdooZip } from '@saas/backups';
import { putTar } from '../docker/archive';
import { runToCompletion } from '../docker/containers';
import { JobError } from '../errors';
import { filestorePath, ODOO_DATA_DIR, ODOO_USER } from '../instance-names';
import type { JobContext } from '../jobs/job-context';
import { helperSpec, instanceDatabase } from '../jobs/odoo-instance';
import { readLegacyArchive } from './legacy-tar-archive';
import { restoreCustomDump, restoreSql } from './pg-tools';
import type { StoredBackup } from './stored-backup';
import { withVolumeContainer } from './volume-access';

const restoreFailed = (error: unknown) => new JobError('RESTORE_FAILED', error instanceof Error ? error.message : String(error), { cause: error });

/** Scratch space of one job, on the worker's WORK_DIR; removed by `work` when it is done. */
export async function withWorkDir<T>(context: JobContext, name: string, work: (directory: string) => Promise<T>): Promise<T> {
  const directory = path.join(context.services.settings.workDir, `${name}-${context.job.operationId}`);
  await rm(directory, { recursive: true, force: true });
  await mkdir(directory, { recursive: true, mode: 0o700 });
  try {
    return await work(directory);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

/**
 * Re-creates the instance's database from a backup: `dump.sql` with psql (Odoo's zip) or
 * `database.dump` with pg_restore (the first format). The database is dropped and created
 * again first, so a re-run starts from scratch.
 */
export async function restoreDatabaseFrom(context: JobContext, stored: StoredBackup): Promise<void> {
  const { odooDb, store } = context.services;
  const database = instanceDatabase(context);
  await withWorkDir(context, 'restore-db', async (work) => {
    await odooDb.ensureInstanceDatabase(database);
    await odooDb.recreateDatabase(database);
    if (stored.format === 'zip') {
      const dump = path.join(work, 'dump.sql');
      await store.withLocalFile(stored.keys.archive, (file) => withOdooZip(file, (zip) => zip.extractDump(dump)));
      await restoreSql(odooDb.connection, database.database, database.role, dump).catch((error: unknown) => {
        throw restoreFailed(error);
      });
      return;
    }
    const legacy = await readLegacyArchive(store.read(stored.keys.archive), stored.keys.archive, work);
    if (legacy.manifest.instanceId !== context.job.instance.id) {
      throw new JobError('BACKUP_CORRUPT', `backup ${stored.backupId} belongs to instance ${legacy.manifest.instanceId}`);
    }
    await restoreCustomDump(odooDb.connection, database.database, database.role, legacy.database).catch((error: unknown) => {
      throw restoreFailed(error);
    });
  });
}

/**
 * Replaces the instance's filestore with the backup's. The archive API cannot delete, so a
 * one-off container clears it first (files written after the backup must not survive);
 * then the files stream in as a tar owned by Odoo's user.
 */
export async function restoreFilestoreFrom(context: JobContext, stored: StoredBackup): Promise<void> {
  const { docker, store, settings } = context.services;
  await runToCompletion(
    docker,
    helperSpec(context, {
      entrypoint: ['/bin/sh', '-c', 'rm -rf -- "$1" && mkdir -p -- "$2"', 'sh'],
      cmd: [filestorePath(context.names.database), `${ODOO_DATA_DIR}/filestore`],
    }),
    settings.initTimeoutMs,
    'Clearing the filestore',
  );
  const target = `${ODOO_DATA_DIR}/filestore`;
  if (stored.format === 'zip') {
    await store.withLocalFile(stored.keys.archive, (file) =>
      withOdooZip(file, (zip) =>
        withVolumeContainer(context, (container) => putTar(container, target, zip.filestoreTar(context.names.database, ODOO_USER))),
      ),
    );
    return;
  }
  await withWorkDir(context, 'restore-fs', async (work) => {
    const legacy = await readLegacyArchive(store.read(stored.keys.archive), stored.keys.archive, work);
    if (legacy.filestore) {
      const tarFile = legacy.filestore;
      await withVolumeContainer(context, (container) => putTar(container, target, createReadStream(tarFile)));
    }
  });
}
