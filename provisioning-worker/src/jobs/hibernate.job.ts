import type Docker from 'dockerode';
import { inspectContainer, stopContainer } from '../docker/containers';
import type { JobHandler } from './job-context';
import { STOP_TIMEOUT_SECONDS } from './stop.job';

/**
 * Stops an idle instance's container; its database and volume stay, and the edge sends the
 * next request to the waker, which starts it again. The memory it used is reported, so staff
 * see what hibernation frees.
 */
export const hibernateJob: JobHandler<'HIBERNATE'> = async (context) => {
  const { docker } = context.services;

  await context.step('measure');
  const info = await inspectContainer(docker, context.names.container);
  if (!info) return { instanceStatus: 'HIBERNATED', message: 'Instance has no container: nothing to stop' };
  const container = docker.getContainer(info.Id);
  const memoryInUseBytes = info.State.Running ? await memoryInUse(container) : undefined;

  await context.step('stop');
  // Stopped through the API, so the `unless-stopped` policy does not bring it back.
  await stopContainer(container, STOP_TIMEOUT_SECONDS);
  return {
    instanceStatus: 'HIBERNATED',
    message: 'Instance is hibernated: the next request wakes it',
    facts: { containerId: info.Id, ...(memoryInUseBytes === undefined ? {} : { memoryInUseBytes }) },
  };
};

/** The container's memory use without the page cache, as `docker stats` shows it. */
async function memoryInUse(container: Docker.Container): Promise<number | undefined> {
  try {
    const stats = (await container.stats({ stream: false })) as unknown as { memory_stats?: { usage?: number; stats?: Record<string, number> } };
    const usage = stats.memory_stats?.usage;
    if (typeof usage !== 'number') return undefined;
    const cache = stats.memory_stats?.stats?.inactive_file ?? stats.memory_stats?.stats?.cache ?? 0;
    return Math.max(0, usage - cache);
  } catch {
    // Statistics are a nicety: the hibernation goes on without them.
    return undefined;
  }
}
