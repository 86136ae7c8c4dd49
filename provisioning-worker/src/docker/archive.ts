import type Docker from 'dockerode';
import { pack } from 'tar-stream';
import { isNotFound } from './engine';

/** A tar holding one file, for `putArchive` (the engine's only way to write into a container). */
export async function singleFileTar(name: string, content: string | Buffer, mode = 0o644): Promise<Buffer> {
  const archive = pack();
  const chunks: Buffer[] = [];
  archive.on('data', (chunk: unknown) => chunks.push(chunk as Buffer));
  const done = new Promise<void>((resolve, reject) => {
    archive.on('end', resolve);
    archive.on('error', reject);
  });
  archive.entry({ name, mode, mtime: new Date(), uid: 0, gid: 0 }, typeof content === 'string' ? Buffer.from(content) : content);
  archive.finalize();
  await done;
  return Buffer.concat(chunks);
}

/** Writes one file into a container (created, running or stopped). */
export async function putFile(container: Docker.Container, directory: string, name: string, content: string, mode?: number): Promise<void> {
  await container.putArchive(await singleFileTar(name, content, mode), { path: directory });
}

/** `path` of a container as a tar stream (entries `<basename>/...`); undefined when it does not exist. */
export async function archiveStream(container: Docker.Container, path: string): Promise<NodeJS.ReadableStream | undefined> {
  try {
    return await container.getArchive({ path });
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** Extracts a tar stream into `directory` of a container. */
export async function putTar(container: Docker.Container, directory: string, tar: NodeJS.ReadableStream): Promise<void> {
  await container.putArchive(tar, { path: directory });
}

