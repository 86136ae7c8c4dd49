import type { ContainerObservation } from '@saas/contracts';
import type Docker from 'dockerode';
import { Labels } from '../docker/container-spec';

/**
 * What the reconciler reports of one container. The worker does not know desired state:
 * the engine restarts crashed containers itself (`unless-stopped`), so the worker only
 * reports what is not running and leaves the decision to the instance subgraph.
 */
export function toObservation(container: Docker.ContainerInfo): ContainerObservation | undefined {
  const instanceId = container.Labels[Labels.instance];
  const tenantId = container.Labels[Labels.tenant];
  if (!instanceId || !tenantId) return undefined;
  const exited = /^Exited \((-?\d+)\)/.exec(container.Status);
  return {
    instanceId,
    tenantId,
    containerId: container.Id,
    state: container.State,
    ...(exited ? { exitCode: Number(exited[1]) } : {}),
    action: container.State === 'running' ? 'none' : 'reported',
  };
}
