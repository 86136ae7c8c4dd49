import type Docker from 'dockerode';
import { JobError } from '../errors';
import { ODOO_HTTP_PORT } from './container-spec';
import { lastErrorLine, logTail } from './logs';

/**
 * Where the worker reaches Odoo's HTTP port: the published 127.0.0.1 port, or else the
 * container's address on the Odoo network (reachable from the engine's host).
 */
export function directUrl(info: Docker.ContainerInspectInfo, network: string): string | undefined {
  const binding = info.NetworkSettings.Ports?.[ODOO_HTTP_PORT]?.find((port) => port.HostPort);
  if (binding) return `http://${binding.HostIp && binding.HostIp !== '0.0.0.0' ? binding.HostIp : '127.0.0.1'}:${binding.HostPort}`;
  const address = info.NetworkSettings.Networks?.[network]?.IPAddress;
  return address ? `http://${address}:8069` : undefined;
}

async function healthPasses(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/web/health`, { signal: AbortSignal.timeout(3_000) });
    // The stand-in sends no Content-Type: read the body, not the header.
    const body = (await response.text()).trim();
    return response.ok && (JSON.parse(body) as { status?: unknown }).status === 'pass';
  } catch {
    return false;
  }
}

/**
 * Polls `GET /web/health` until it answers `{"status":"pass"}`. Fails early, with what Odoo
 * logged, when the container exits or the engine restarts it (a crash loop never turns
 * healthy). Resolves with the URL it reached.
 */
export async function waitForHealth(docker: Docker, containerName: string, network: string, timeoutMs: number): Promise<string> {
  const container = docker.getContainer(containerName);
  const deadline = Date.now() + timeoutMs;
  const initial = await container.inspect();
  for (;;) {
    const info = await container.inspect();
    const { State } = info;
    if (!State.Running || State.Restarting || info.RestartCount > initial.RestartCount) {
      const reason = lastErrorLine(await logTail(container));
      throw new JobError(
        'CONTAINER_EXITED',
        `container ${containerName} ${State.Running ? 'restarted' : `exited with code ${State.ExitCode}`}${reason ? `: ${reason}` : ''}`,
      );
    }
    const url = directUrl(info, network);
    if (url && (await healthPasses(url))) return url;
    if (Date.now() > deadline) {
      throw new JobError('HEALTH_TIMEOUT', `${containerName} did not answer /web/health within ${Math.round(timeoutMs / 1000)} s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
