import { inspectContainer, runToCompletion, stopContainer } from '../docker/containers';
import { updateCommand } from '../docker/container-spec';
import { ensureImage } from '../docker/pull';
import type { JobHandler } from './job-context';
import { bringUp, helperSpec, imageOf } from './odoo-instance';
import { STOP_TIMEOUT_SECONDS } from './stop.job';

/**
 * Moves an instance to the image of `instance.odooVersion`: stop, `odoo -u all` with the
 * new image, recreate the container from it, start, health. Re-running is safe: `-u all`
 * is idempotent and a container already on the new image is adopted.
 */
export const upgradeJob: JobHandler<'UPGRADE'> = async (context) => {
  const { docker, settings } = context.services;

  await context.step('image');
  await ensureImage(docker, imageOf(context), settings.pullTimeoutMs, context.logger);

  await context.step('stop');
  const info = await inspectContainer(docker, context.names.container);
  if (info) await stopContainer(docker.getContainer(info.Id), STOP_TIMEOUT_SECONDS);

  await context.step('update');
  await runToCompletion(docker, helperSpec(context, { cmd: updateCommand(context.names.database) }), settings.initTimeoutMs, 'Module update (odoo -u all)');

  return bringUp(context, `Instance upgraded to Odoo ${context.job.instance.odooVersion}`);
};
