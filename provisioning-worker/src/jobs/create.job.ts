import { runToCompletion } from '../docker/containers';
import { initCommand, instanceLabels } from '../docker/container-spec';
import { ensureNetwork } from '../docker/network';
import { ensureImage } from '../docker/pull';
import { ensureVolume } from '../docker/volumes';
import type { JobHandler } from './job-context';
import { bringUp, helperSpec, imageOf, instanceDatabase } from './odoo-instance';

/**
 * Role + database, volume, initialised database, container, healthy. Every step adopts
 * what an earlier (crashed or failed) attempt left, so a redelivered job completes with
 * exactly one of each.
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

  if (await odooDb.isInitialised(context.names.database)) {
    await context.step('initialise', 'Database already initialised');
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
