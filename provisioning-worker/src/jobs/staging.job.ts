import { inspectContainer, stopContainer } from '../docker/containers';
import { ensureNetwork } from '../docker/network';
import { ensureImage } from '../docker/pull';
import { ensureVolume } from '../docker/volumes';
import { instanceLabels } from '../docker/container-spec';
import type { JobHandler } from './job-context';
import { bringUp, imageOf, instanceDatabase } from './odoo-instance';
import { copyProductionDatabase, copyProductionFilestore, neutralizeCopy } from './staging-copy';
import { STOP_TIMEOUT_SECONDS } from './stop.job';

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

  await context.step('copy');
  await copyProductionDatabase(context);
  await context.step('filestore');
  await copyProductionFilestore(context);
  await context.step('neutralize');
  await neutralizeCopy(context);

  return bringUp(context, 'Staging copy is running (neutralized: mail caught, scheduled actions off)');
};

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
