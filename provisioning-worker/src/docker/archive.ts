import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
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

/**
 * Copies `path` out of a container as a tar (entries named `<basename>/...`) into `file`.
 * Returns false when the path does not exist in the container.
 */
export async function copyOut(container: Docker.Container, path: string, file: string): Promise<boolean> {
  let stream: NodeJS.ReadableStream;
  try {
    stream = await container.getArchive({ path });
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
  await pipeline(stream, createWriteStream(file));
  return true;
}

/** Extracts a tar file into `directory` of a container; ownership and modes come from the tar. */
export async function copyIn(container: Docker.Container, directory: string, tarFile: string): Promise<void> {
  await container.putArchive(createReadStream(tarFile), { path: directory });
}
