import { Readable } from 'node:stream';
import type { BackupFacts, BackupVerificationFacts, InstanceFacts } from '@saas/contracts';
import { restoreDatabaseFrom, restoreFilestoreFrom } from '../backup/restore-from-backup';
import { takeBackup, type TakenBackup } from '../backup/take-backup';
import { inspectContainer, removeContainer, runToCompletion, startContainer, stopContainer } from '../docker/containers';
import { updateCommand } from '../docker/container-spec';
import { ensureImage } from '../docker/pull';
import { lastErrorLine, logTail } from '../docker/logs';
import { classifyError, JobError } from '../errors';
import type { JobContext, JobHandler, JobResult } from './job-context';
import { ensureOdooContainer, healthyFacts, helperSpec, imageOf } from './odoo-instance';
import { STOP_TIMEOUT_SECONDS } from './stop.job';

/**
 * Moves a RUNNING instance to `targetOdooVersion`, or leaves it as it was:
 * PRE_UPGRADE backup (verified) -> stop -> `odoo -u all` with the target image in a one-off
 * container -> a container on the target image -> health gate (`/web/health` within
 * HEALTH_TIMEOUT_MS, then still up and healthy UPGRADE_SETTLE_MS later). Any failure after
 * the backup rolls back: the backup restored (database and filestore), the old image
 * started, the instance RUNNING on its old version, the operation FAILED saying so.
 *
 * A worker that dies mid-upgrade leaves its job to redelivery. A marker beside the backup
 * (`<archive>.upgrading`, in the store every worker shares) says the instance was being
 * changed: the re-run adopts the backup (written before anything changed) and rolls back
 * instead of trying again. Killed before the marker (during the backup), the re-run simply
 * starts over.
 */
export const upgradeJob: JobHandler<'UPGRADE'> = async (context) => {
  const { instance, backupId, targetOdooVersion: to } = context.job;
  if (!backupId || !to) throw new JobError('INVALID_JOB', 'an UPGRADE job needs a backupId and a targetOdooVersion');
  const from = instance.odooVersion;
  const target = onVersion(context, to);

  // The image the instance runs now (its id): "a newer image of the same series" must roll
  // back to the old image, not to whatever the tag points at after the pull.
  const before = await inspectContainer(context.services.docker, context.names.container);
  const runningImageId = before && before.Config.Image === imageOf(context) ? before.Image : undefined;

  let taken: TakenBackup;
  try {
    taken = await takeBackup(context, backupId, (phase, message) => context.step(phase, message));
  } catch (error) {
    // Nothing was touched yet: the instance keeps running where it is.
    throw new JobError('UPGRADE_ROLLED_BACK', `Upgrade to Odoo ${to} failed before any change: the pre-upgrade backup failed (${classifyError(error).message}). Rolled back: the instance was not touched and runs Odoo ${from}.`, {
      instanceStatus: before?.State.Running ? 'RUNNING' : 'FAILED',
      cause: error,
    });
  }
  const reported = { backup: taken.facts, verification: taken.verification };
  if (taken.verification.status === 'FAILED') {
    throw new JobError('UPGRADE_ROLLED_BACK', `Upgrade to Odoo ${to} not started: the pre-upgrade backup FAILED its verification (${taken.verification.reason}). Rolled back: the instance was not touched and runs Odoo ${from}.`, {
      instanceStatus: 'RUNNING',
      ...reported,
    });
  }

  const { store } = context.services;
  const marker = `${taken.stored.keys.archive}.upgrading`;
  const interrupted = await store.stat(marker);
  try {
    if (interrupted) throw new JobError('UPGRADE_ROLLED_BACK', 'it was interrupted (the worker running it stopped)');
    await store.write(marker, Readable.from([JSON.stringify({ operationId: context.job.operationId, from, to, at: new Date().toISOString() })]));
    const result = await upgradeSteps(context, target, from, to, (key, message) => context.step(key, message));
    await store.remove(marker);
    return { ...result, ...reported };
  } catch (error) {
    const reason = classifyError(error).message;
    context.logger.warn({ err: error, from, to }, 'upgrade failed; rolling back');
    const facts = await rollBack(context, taken, await oldImage(context, runningImageId), reason, reported);
    await store.remove(marker).catch(() => undefined);
    throw new JobError(
      'UPGRADE_ROLLED_BACK',
      `Upgrade to Odoo ${to} failed: ${reason}. Rolled back: the pre-upgrade backup was restored and the instance runs Odoo ${from} again.`,
      { instanceStatus: 'RUNNING', facts: { ...facts, odooVersion: from }, ...reported, cause: error },
    );
  }
};

/** The steps of an upgrade, as the job running them names them (an UPGRADE, or a STAGING rehearsal). */
export type UpgradeStepKey = 'image' | 'stop' | 'migrate' | 'container' | 'start' | 'health' | 'settle';

/**
 * The steps that change the instance, for an UPGRADE and for the rehearsal of one on a
 * staging copy (`context` is the instance on its current version, `target` the same on the
 * new one); any error they throw is the caller's to roll back.
 */
export async function upgradeSteps(
  context: JobContext,
  target: JobContext,
  from: string,
  to: string,
  step: (key: UpgradeStepKey, message?: string) => Promise<void>,
): Promise<JobResult> {
  const { docker, settings } = context.services;
  await step('image', `Preparing the Odoo ${to} image`);
  await ensureImage(docker, imageOf(target), settings.pullTimeoutMs, context.logger);

  await step('stop');
  const info = await inspectContainer(docker, context.names.container);
  if (info) await stopContainer(docker.getContainer(info.Id), STOP_TIMEOUT_SECONDS);

  await step('migrate', `Migrating the database from Odoo ${from} to ${to} (odoo -u all, one-off container)`);
  await runToCompletion(docker, helperSpec(target, { cmd: updateCommand(context.names.database) }), settings.initTimeoutMs, `Migration to Odoo ${to} (odoo -u all)`);

  await step('container', `Creating the container on Odoo ${to}`);
  // Always a new container: the same series under the same tag can be a newer image.
  await removeContainer(docker, context.names.container);
  const container = await ensureOdooContainer(target);
  await step('start', `Starting on Odoo ${to}`);
  await startContainer(container);
  await step('health');
  const facts = await healthyFacts(target);
  await step('settle');
  await staysUp(target, settings.upgradeSettleMs);
  return { instanceStatus: 'RUNNING', message: `Upgraded from Odoo ${from} to ${to}`, facts: { ...facts, odooVersion: to } };
}

/**
 * The second half of the health gate: a server that answers once and then dies (or is
 * restarted by the engine) is not healthy.
 */
async function staysUp(context: JobContext, settleMs: number): Promise<void> {
  const container = context.services.docker.getContainer(context.names.container);
  const first = await container.inspect();
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  const later = await container.inspect();
  if (!later.State.Running || later.RestartCount > first.RestartCount || later.State.StartedAt !== first.State.StartedAt) {
    const said = lastErrorLine(await logTail(container));
    throw new JobError('CONTAINER_EXITED', `the instance did not stay up on the new image${said ? `: ${said}` : ''}`);
  }
  await healthyFacts(context);
}

/** Back to where the instance was: the pre-upgrade backup, the old image, healthy. */
async function rollBack(
  context: JobContext<'UPGRADE'>,
  taken: TakenBackup,
  oldImage: string,
  reason: string,
  reported: { backup: BackupFacts; verification: BackupVerificationFacts },
): Promise<InstanceFacts> {
  const { docker } = context.services;
  const from = context.job.instance.odooVersion;
  try {
    await context.step('rollback', `Upgrade failed (${reason}); rolling back to Odoo ${from}`);
    // A migration still running (its worker died) must not touch the restored database.
    await removeContainer(docker, context.names.helperContainer);
    await removeContainer(docker, context.names.container);
    await context.step('rollback-restore');
    await restoreDatabaseFrom(context, taken.stored);
    await restoreFilestoreFrom(context, taken.stored);
    await context.step('rollback-start', `Rolling back: starting Odoo ${from} again`);
    await startContainer(await ensureOdooContainer(context, oldImage));
    return await healthyFacts(context);
  } catch (error) {
    throw new JobError(
      'UPGRADE_ROLLBACK_FAILED',
      `Upgrade to Odoo ${context.job.targetOdooVersion} failed: ${reason}. The rollback to Odoo ${from} failed too (${classifyError(error).message}); restore backup ${taken.stored.backupId} (PRE_UPGRADE) to recover.`,
      { ...reported, cause: error },
    );
  }
}

/** The old tag, unless it now names another image than the one the instance ran (then that one's id). */
async function oldImage(context: JobContext, runningImageId: string | undefined): Promise<string> {
  const tag = imageOf(context);
  if (!runningImageId) return tag;
  const tagged = await context.services.docker
    .getImage(tag)
    .inspect()
    .then((image) => image.Id)
    .catch(() => undefined);
  return tagged === runningImageId ? tag : runningImageId;
}

/** The same job as seen by the target image: its container, its one-off container, its labels. */
export function onVersion(context: JobContext, odooVersion: string): JobContext {
  return { ...context, job: { ...context.job, instance: { ...context.job.instance, odooVersion } } } as JobContext;
}
