import { takeBackup } from '../backup/take-backup';
import { inspectContainer } from '../docker/containers';
import { JobError } from '../errors';
import type { JobContext, JobHandler } from './job-context';

/** Instances are backed up where they stand: a stopped one stays stopped. */
export async function currentStatus(context: JobContext): Promise<'RUNNING' | 'STOPPED'> {
  const info = await inspectContainer(context.services.docker, context.names.container);
  return info?.State.Running ? 'RUNNING' : 'STOPPED';
}

/**
 * Odoo's database-manager zip of the instance, verified by a scratch restore (see
 * {@link takeBackup}). A backup that fails its verification fails the operation (the
 * instance stays as it was) and is reported FAILED: never a silent success.
 */
export const backupJob: JobHandler<'BACKUP'> = async (context) => {
  const { backupId } = context.job;
  if (!backupId) throw new JobError('INVALID_JOB', 'a BACKUP job needs a backupId');
  const { facts, verification } = await takeBackup(context, backupId, (phase, message) => context.step(phase, message));
  const instanceStatus = await currentStatus(context);
  if (verification.status === 'FAILED') {
    throw new JobError('BACKUP_UNVERIFIED', `Backup ${backupId} was written but FAILED its verification: ${verification.reason}`, { instanceStatus, verification });
  }
  return { instanceStatus, message: 'Backup complete and verified', backup: facts, verification };
};
