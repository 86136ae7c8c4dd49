import type Docker from 'dockerode';
import { inspectContainer, removeContainer } from '../docker/containers';
import type { JobContext } from '../jobs/job-context';
import { helperSpec } from '../jobs/odoo-instance';

/**
 * Runs `work` with a container that has the instance's volume mounted, for the archive API
 * (which works on stopped and never-started containers too): the instance's own container,
 * or a helper created (not started) for the purpose when it is missing.
 */
export async function withVolumeContainer<T>(context: JobContext, work: (container: Docker.Container) => Promise<T>): Promise<T> {
  const { docker } = context.services;
  const info = await inspectContainer(docker, context.names.container);
  if (info) return work(docker.getContainer(info.Id));
  await removeContainer(docker, context.names.helperContainer);
  // Never started: it needs no secret files.
  const { files: _files, ...spec } = helperSpec(context, { cmd: ['true'] });
  const helper = await docker.createContainer(spec);
  try {
    return await work(helper);
  } finally {
    await removeContainer(docker, context.names.helperContainer);
  }
}
