import Docker from 'dockerode';

export type { default as Docker } from 'dockerode';

/**
 * A Docker Engine API client. With DOCKER_HOST set, dockerode reads it itself (unix://,
 * tcp://, DOCKER_TLS_VERIFY and DOCKER_CERT_PATH), like the docker CLI; Podman's service
 * works the same way.
 */
export function createDockerClient(dockerHost: string | undefined): Docker {
  return dockerHost ? new Docker() : new Docker({ socketPath: '/var/run/docker.sock' });
}

/** Readiness probe. */
export async function pingDocker(docker: Docker): Promise<void> {
  await docker.ping();
}

function statusCodeOf(error: unknown): number | undefined {
  const statusCode = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof statusCode === 'number' ? statusCode : undefined;
}

/** The engine answered 404: no such container, volume, image or path. */
export function isNotFound(error: unknown): boolean {
  return statusCodeOf(error) === 404;
}

/** The engine answered 304: already started / already stopped. */
export function isNotModified(error: unknown): boolean {
  return statusCodeOf(error) === 304;
}

/** The engine answered 409: a name already in use, or a removal already in progress. */
export function isConflict(error: unknown): boolean {
  return statusCodeOf(error) === 409;
}
