import type { Logger } from '@saas/logger';
import type Docker from 'dockerode';
import { JobError } from '../errors';
import { putPrivateFile } from './archive';
import type { OneOffContainerSpec } from './container-spec';
import { isConflict, isNotFound, isNotModified } from './engine';
import { lastErrorLine, logTail } from './logs';

export async function inspectContainer(docker: Docker, name: string): Promise<Docker.ContainerInspectInfo | undefined> {
  try {
    return await docker.getContainer(name).inspect();
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

export async function removeContainer(docker: Docker, name: string): Promise<void> {
  try {
    // v: anonymous volumes the image declares (/mnt/extra-addons) go too; named ones stay.
    await docker.getContainer(name).remove({ force: true, v: true });
  } catch (error) {
    // 409: a removal already in progress (another attempt); it finishes by itself.
    if (isNotFound(error) || isConflict(error)) return;
    throw error;
  }
}

/**
 * The container of `spec.name`: an existing one from the same image is adopted (a job
 * redelivered after a crash must not make a second one); one from another image (an
 * upgrade, or a half-done earlier attempt) is replaced.
 */
export async function ensureContainer(
  docker: Docker,
  spec: Docker.ContainerCreateOptions & { name: string; Image: string },
  logger: Logger,
): Promise<{ container: Docker.Container; adopted: boolean }> {
  const existing = await inspectContainer(docker, spec.name);
  if (existing && existing.Config.Image === spec.Image) return { container: docker.getContainer(existing.Id), adopted: true };
  if (existing) {
    logger.info({ container: spec.name, image: existing.Config.Image, wanted: spec.Image }, 'replacing container with another image');
    await removeContainer(docker, spec.name);
  }
  try {
    return { container: await docker.createContainer(spec), adopted: false };
  } catch (error) {
    // Created by a concurrent attempt between our inspect and create: adopt it.
    if (isConflict(error)) return { container: docker.getContainer(spec.name), adopted: true };
    throw error;
  }
}

/** The CPU and memory limits of a container, as Docker's HostConfig has them. */
export interface ResourceLimits {
  NanoCpus: number;
  Memory: number;
}

/**
 * Brings an existing container's CPU and memory limits to `wanted` in place (`docker
 * update`, no restart), e.g. after the tenant changed plan. Swap stays at Docker's default
 * of twice the memory. Returns whether anything changed.
 */
export async function ensureResourceLimits(container: Docker.Container, wanted: ResourceLimits, logger: Logger): Promise<boolean> {
  const { HostConfig } = await container.inspect();
  if (HostConfig.NanoCpus === wanted.NanoCpus && HostConfig.Memory === wanted.Memory) return false;
  await container.update({ NanoCpus: wanted.NanoCpus, Memory: wanted.Memory, MemorySwap: wanted.Memory * 2 });
  logger.info(
    { from: { nanoCpus: HostConfig.NanoCpus, memory: HostConfig.Memory }, to: { nanoCpus: wanted.NanoCpus, memory: wanted.Memory } },
    'container resource limits updated',
  );
  return true;
}

export async function startContainer(container: Docker.Container): Promise<void> {
  try {
    await container.start();
  } catch (error) {
    if (!isNotModified(error)) throw error;
  }
}

export async function stopContainer(container: Docker.Container, timeoutSeconds: number): Promise<void> {
  try {
    await container.stop({ t: timeoutSeconds });
  } catch (error) {
    if (!isNotModified(error)) throw error;
  }
}

/** The instance's container, or a clear permanent error naming it. */
export async function requireContainer(docker: Docker, name: string): Promise<Docker.ContainerInspectInfo> {
  const info = await inspectContainer(docker, name);
  if (!info) throw new JobError('CONTAINER_MISSING', `container ${name} does not exist`);
  return info;
}

/**
 * Runs a one-off container to completion and removes it. A leftover from a crashed attempt
 * (same name) is removed first; the command is idempotent, so running it again is safe.
 */
export async function runToCompletion(docker: Docker, spec: OneOffContainerSpec, timeoutMs: number, what: string): Promise<void> {
  await removeContainer(docker, spec.name);
  const { files, ...options } = spec;
  const container = await docker.createContainer(options);
  try {
    for (const file of files) await putPrivateFile(container, file);
    // Waiting before the start: the default condition would return at once for a created container.
    const waited = container.wait({ condition: 'next-exit' }) as Promise<{ StatusCode: number }>;
    await container.start();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new JobError('INIT_FAILED', `${what} did not finish within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
    });
    const result = await Promise.race([waited, timeout]).finally(() => clearTimeout(timer));
    if (result.StatusCode !== 0) {
      const reason = lastErrorLine(await logTail(container));
      throw new JobError('INIT_FAILED', `${what} exited with code ${result.StatusCode}${reason ? `: ${reason}` : ''}`);
    }
  } finally {
    await removeContainer(docker, spec.name);
  }
}
