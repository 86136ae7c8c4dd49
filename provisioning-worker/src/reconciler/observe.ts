import type { ContainerObservation } from '@saas/contracts';
import type Docker from 'dockerode';
import { Labels, ODOO_HTTP_PORT } from '../docker/container-spec';

const ODOO_PRIVATE_PORT = Number.parseInt(ODOO_HTTP_PORT, 10);

/**
 * Where Odoo of a running container answers now, as the engine lists it: its published port
 * (127.0.0.1), else its address on the Odoo network. A restart (of the container or of the
 * engine) publishes on a new port, so this is read every round, not kept from the last job.
 */
export function listedDirectUrl(container: Docker.ContainerInfo, network: string): string | undefined {
  const published = container.Ports?.find((port) => port.PrivatePort === ODOO_PRIVATE_PORT && port.Type === 'tcp' && port.PublicPort);
  if (published) return `http://${published.IP && published.IP !== '0.0.0.0' && published.IP !== '::' ? published.IP : '127.0.0.1'}:${published.PublicPort}`;
  const address = container.NetworkSettings?.Networks?.[network]?.IPAddress;
  return address ? `http://${address}:${ODOO_PRIVATE_PORT}` : undefined;
}

/**
 * What the reconciler reports of one container. The worker does not know desired state:
 * the engine restarts crashed containers itself (`unless-stopped`), so the worker only
 * reports what is not running and leaves the decision to the instance subgraph.
 */
export function toObservation(container: Docker.ContainerInfo, network: string): ContainerObservation | undefined {
  const instanceId = container.Labels[Labels.instance];
  const tenantId = container.Labels[Labels.tenant];
  if (!instanceId || !tenantId) return undefined;
  const exited = /^Exited \((-?\d+)\)/.exec(container.Status);
  const directUrl = container.State === 'running' ? listedDirectUrl(container, network) : undefined;
  return {
    instanceId,
    tenantId,
    containerId: container.Id,
    state: container.State,
    ...(exited ? { exitCode: Number(exited[1]) } : {}),
    ...(directUrl ? { directUrl } : {}),
    action: container.State === 'running' ? 'none' : 'reported',
  };
}
