import path from 'node:path';
import type Docker from 'dockerode';
import { extract, pack } from 'tar-stream';
import { ODOO_USER } from '../instance-names';
import { isNotFound } from './engine';

export interface FileOwner {
  uid: number;
  gid: number;
}

/** A file a container must have before it starts (written by {@link putPrivateFile}). */
export interface ContainerFile {
  path: string;
  content: string;
}

/** A tar holding one file, for `putArchive` (the engine's only way to write into a container). */
export async function singleFileTar(name: string, content: string | Buffer, mode = 0o644, owner: FileOwner = { uid: 0, gid: 0 }): Promise<Buffer> {
  const archive = pack();
  const chunks: Buffer[] = [];
  archive.on('data', (chunk: unknown) => chunks.push(chunk as Buffer));
  const done = new Promise<void>((resolve, reject) => {
    archive.on('end', resolve);
    archive.on('error', reject);
  });
  archive.entry({ name, mode, mtime: new Date(), ...owner }, typeof content === 'string' ? Buffer.from(content) : content);
  archive.finalize();
  await done;
  return Buffer.concat(chunks);
}

/** Writes one file into a container (created, running or stopped). */
export async function putFile(container: Docker.Container, directory: string, name: string, content: string, mode?: number, owner?: FileOwner): Promise<void> {
  await container.putArchive(await singleFileTar(name, content, mode, owner), { path: directory });
}

/**
 * A file holding secrets (a password, odoo.conf's master password): root's, readable by
 * Odoo's group only (0640), so Odoo reads it and cannot rewrite it; nobody else reads it.
 */
export async function putPrivateFile(container: Docker.Container, file: ContainerFile): Promise<void> {
  await putFile(container, path.posix.dirname(file.path), path.posix.basename(file.path), file.content, 0o640, { uid: 0, gid: ODOO_USER.gid });
}

/** The content of one file of a container; undefined when it does not exist. */
export async function readContainerFile(container: Docker.Container, file: string): Promise<string | undefined> {
  const tar = await archiveStream(container, file);
  if (!tar) return undefined;
  const extractor = extract();
  const chunks: Buffer[] = [];
  let first = true;
  const done = new Promise<void>((resolve, reject) => {
    extractor.on('entry', (_header, stream, next) => {
      const mine = first;
      first = false;
      stream.on('data', (chunk: unknown) => {
        if (mine) chunks.push(chunk as Buffer);
      });
      stream.on('end', next);
      stream.resume();
    });
    extractor.on('finish', resolve);
    extractor.on('error', reject);
  });
  tar.pipe(extractor);
  await done;
  return Buffer.concat(chunks).toString('utf8');
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

