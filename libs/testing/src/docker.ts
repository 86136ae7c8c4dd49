import http from 'node:http';
import { PassThrough } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';
import Docker from 'dockerode';

/** The engine tests use: DOCKER_HOST when set, the default socket otherwise. */
export function testDocker(): Docker {
  return process.env.DOCKER_HOST ? new Docker() : new Docker({ socketPath: '/var/run/docker.sock' });
}

/** Containers of one environment (label `saas.env`), optionally narrowed by more labels. */
export async function listEnvContainers(env: string, labels: Record<string, string> = {}): Promise<Docker.ContainerInfo[]> {
  const filters = [`saas.env=${env}`, ...Object.entries(labels).map(([key, value]) => `${key}=${value}`)];
  return testDocker().listContainers({ all: true, filters: { label: filters } });
}

export async function volumeExists(name: string): Promise<boolean> {
  try {
    await testDocker().getVolume(name).inspect();
    return true;
  } catch {
    return false;
  }
}

/** Removes every container and volume labelled `saas.env=<env>` (a test run's teardown). */
export async function removeEnvDockerResources(env: string): Promise<void> {
  const docker = testDocker();
  const containers = await docker.listContainers({ all: true, filters: { label: [`saas.env=${env}`] } });
  await Promise.all(containers.map((c) => docker.getContainer(c.Id).remove({ force: true, v: true }).catch(() => undefined)));
  const { Volumes } = await docker.listVolumes({ filters: { label: [`saas.env=${env}`] } });
  await Promise.all((Volumes ?? []).map((v) => docker.getVolume(v.Name).remove({ force: true }).catch(() => undefined)));
}

export interface BrokenRegistry {
  /** `127.0.0.1:<port>`: prefix of image names, e.g. `${host}/odoo`. */
  host: string;
  close: () => Promise<void>;
}

/**
 * A Docker registry on 127.0.0.1 (the engine trusts loopback registries over plain HTTP)
 * that serves a manifest for any image but none of its blobs. A pull of it starts fine and
 * fails inside the progress stream ("unknown blob"), like a registry that breaks mid-pull;
 * tags `99.*` do not exist at all ("manifest unknown"). No traffic leaves the machine,
 * unlike a pull from a public registry.
 */
export async function startBrokenRegistry(): Promise<BrokenRegistry> {
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] } }));
  const digest = (data: Buffer | string) => `sha256:${createHash('sha256').update(data).digest('hex')}`;
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    config: { mediaType: 'application/vnd.docker.container.image.v1+json', size: config.length, digest: digest(config) },
    layers: [{ mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', size: 100, digest: `sha256:${'1'.repeat(64)}` }],
  });
  const server = http.createServer((req, res) => {
    if (req.url === '/v2/') {
      res.writeHead(200, { 'Docker-Distribution-API-Version': 'registry/2.0', 'Content-Type': 'application/json' });
      res.end('{}');
    } else if (req.url?.includes('/manifests/99.')) {
      res.writeHead(404, { 'Content-Type': 'application/json' });
      res.end('{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}');
    } else if (req.url?.includes('/manifests/')) {
      res.writeHead(200, {
        'Content-Type': 'application/vnd.docker.distribution.manifest.v2+json',
        'Content-Length': Buffer.byteLength(manifest),
        'Docker-Content-Digest': digest(manifest),
      });
      res.end(req.method === 'HEAD' ? undefined : manifest);
    } else {
      res.writeHead(404, { 'Content-Type': 'application/json' });
      res.end('{"errors":[{"code":"BLOB_UNKNOWN","message":"blob unknown to registry"}]}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Runs a command in a running container (`docker exec`); resolves with its exit code and output. */
export async function execInContainer(containerId: string, cmd: string[]): Promise<{ exitCode: number; output: string }> {
  const docker = testDocker();
  const exec = await docker.getContainer(containerId).exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({ hijack: true, stdin: false });
  const chunks: Buffer[] = [];
  const sink = new PassThrough();
  sink.on('data', (chunk: Buffer) => chunks.push(chunk));
  docker.modem.demuxStream(stream, sink, sink);
  await new Promise<void>((resolve, reject) => {
    stream.on('end', () => resolve());
    stream.on('error', reject);
  });
  const { ExitCode } = await exec.inspect();
  return { exitCode: ExitCode ?? -1, output: Buffer.concat(chunks).toString('utf8') };
}

/**
 * The database password of an instance's running container: the file its `PASSWORD_FILE`
 * names (the worker never puts it in the environment, where `docker inspect` shows it).
 */
export async function instanceDatabasePassword(containerId: string): Promise<string> {
  const { exitCode, output } = await execInContainer(containerId, ['cat', '/etc/odoo/db_password']);
  if (exitCode !== 0 || !output) throw new Error(`no database password file in container ${containerId}: ${output}`);
  return output;
}
