import { inspectContainer, stopContainer } from '../docker/containers';
import type { JobHandler } from './job-context';

/** Odoo finishes its requests on SIGTERM; after this many seconds the engine kills it. */
export const STOP_TIMEOUT_SECONDS = 10;

export const stopJob: JobHandler<'STOP'> = async (context) => {
  const { docker } = context.services;

  await context.step('stop');
  const info = await inspectContainer(docker, context.names.container);
  if (!info) return { instanceStatus: 'STOPPED', message: 'Instance has no container: nothing to stop' };
  // A stop through the API also keeps the `unless-stopped` policy from restarting it.
  await stopContainer(docker.getContainer(info.Id), STOP_TIMEOUT_SECONDS);
  return { instanceStatus: 'STOPPED', message: 'Instance is stopped', facts: { containerId: info.Id } };
};
