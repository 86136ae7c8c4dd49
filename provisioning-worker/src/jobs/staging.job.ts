import { inspectContainer, removeContainer, stopContainer } from '../docker/containers';
import { ensureNetwork } from '../docker/network';
import { ensureImage } from '../docker/pull';
import { ensureVolume } from '../docker/volumes';
import { instanceLabels } from '../docker/container-spec';
import { classifyError, JobError } from '../errors';
import type { JobContext, JobHandler, JobResult } from './job-context';
import { bringUp, imageOf, instanceDatabase } from './odoo-instance';
import { copyProductionDatabase, copyProductionFilestore, neutralizeCopy } from './staging-copy';
import { STOP_TIMEOUT_SECONDS } from './stop.job';
import { onVersion, upgradeSteps } from './upgrade.job';

/**
 * A staging copy: its own role, database, volume and container like any instance, filled
 * with a copy of production (database and filestore, production keeps running) that is
 * neutralized before the copy's server ever starts. Every step redone from scratch on a
 * re-run (the copy is emptied first), so a redelivered job ends with one clean copy.
 */
export const stagingJob: JobHandler<'STAGING'> = async (context) => {
  const { docker, odooDb, settings } = context.services;
  const labels = instanceLabels(settings.environment, context.job.instance);

  await context.step('image');
  await ensureImage(docker, imageOf(context), settings.pullTimeoutMs, context.logger);

  await context.step('database');
  await ensureNetwork(docker, settings.network, { 'saas.managed-by': 'provisioning-worker' });
  await odooDb.ensureInstanceDatabase(instanceDatabase(context));

  await context.step('volume');
  await ensureVolume(docker, context.names.volume, labels);

  // A re-run after the container was created: it must not serve while its data is replaced.
  const leftover = await inspectContainer(docker, context.names.container);
  if (leftover?.State.Running) await stopContainer(docker.getContainer(leftover.Id), STOP_TIMEOUT_SECONDS);
  const to = context.job.targetOdooVersion;
  // A rehearsal re-run: a dead worker's migration, or a container already on the new image.
  if (to) await discardRehearsal(context);

  await fillFromProduction(context);
  const copied = await bringUp(context, 'Staging copy is running (neutralized: mail caught, scheduled actions off)');
  return to ? rehearseUpgrade(context, to) : copied;
};

async function fillFromProduction(context: JobContext<'STAGING'>): Promise<void> {
  await context.step('copy');
  await copyProductionDatabase(context);
  await context.step('filestore');
  await copyProductionFilestore(context);
  await context.step('neutralize');
  await neutralizeCopy(context);
}

/** The copy's containers gone, so that it is brought up again on its own image. */
async function discardRehearsal(context: JobContext<'STAGING'>): Promise<void> {
  await removeContainer(context.services.docker, context.names.helperContainer);
  await removeContainer(context.services.docker, context.names.container);
}

/**
 * upgradeInstance with `rehearse`: the upgrade's own steps run on the fresh copy; production
 * is never touched. The copy stays for inspection (it expires like any staging copy): on
 * success it runs the new version; on failure it is copied from production again (the
 * rehearsal's rollback) and runs the old one, and the operation FAILS with the reason.
 */
async function rehearseUpgrade(context: JobContext<'STAGING'>, to: string): Promise<JobResult> {
  const from = context.job.instance.odooVersion;
  try {
    const upgraded = await upgradeSteps(context, onVersion(context, to), from, to, (key, message) =>
      context.step(`rehearse-${key}`, message && `Rehearsal: ${message}`),
    );
    return {
      ...upgraded,
      message: `Upgrade rehearsal from Odoo ${from} to ${to} succeeded: the upgrade would succeed. Production was not touched; this staging copy runs Odoo ${to} for inspection.`,
    };
  } catch (error) {
    const reason = classifyError(error).message;
    context.logger.warn({ err: error, from, to }, 'upgrade rehearsal failed; copying production into the copy again');
    await context.step('rehearse-rollback');
    await discardRehearsal(context);
    await fillFromProduction(context);
    const again = await bringUp(context, `Staging copy is running Odoo ${from} again`);
    throw new JobError(
      'UPGRADE_REHEARSAL_FAILED',
      `Upgrade rehearsal from Odoo ${from} to ${to} failed: the upgrade would fail (${reason}). Production was not touched; this staging copy was copied from production again and runs Odoo ${from} for inspection.`,
      { instanceStatus: 'RUNNING', facts: { ...again.facts, odooVersion: from }, cause: error },
    );
  }
}

/**
 * Production copied again into a staging copy: stopped, database and filestore replaced by
 * a fresh copy, neutralized, started again under the same container name, so its URL and
 * route stay.
 */
export const refreshStagingJob: JobHandler<'REFRESH_STAGING'> = async (context) => {
  const { docker, settings } = context.services;

  await context.step('image');
  await ensureImage(docker, imageOf(context), settings.pullTimeoutMs, context.logger);

  await context.step('stop');
  const info = await inspectContainer(docker, context.names.container);
  if (info) await stopContainer(docker.getContainer(info.Id), STOP_TIMEOUT_SECONDS);

  await context.step('copy');
  await copyProductionDatabase(context);
  await context.step('filestore');
  await copyProductionFilestore(context);
  await context.step('neutralize');
  await neutralizeCopy(context);

  return bringUp(context, 'Staging copy refreshed from production');
};
