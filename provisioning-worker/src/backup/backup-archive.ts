import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { extract, pack } from 'tar-stream';

/** What a backup archive says about itself (`manifest.json`, its first entry). */
export interface BackupManifest {
  format: 1;
  backupId: string;
  instanceId: string;
  tenantId: string;
  databaseName: string;
  odooVersion: string;
  createdAt: string;
  /** False when the instance had no filestore yet: `filestore.tar` is then absent. */
  hasFilestore: boolean;
  /** Until when the plan keeps the backup (ISO 8601); absent: kept until deleted otherwise. */
  retainUntil?: string;
}

export const ArchiveEntries = {
  manifest: 'manifest.json',
  database: 'database.dump',
  filestore: 'filestore.tar',
} as const;

export interface BackupPaths {
  directory: string;
  archive: string;
  checksum: string;
  /** `<backupId>.tar.retention.json`: until when the archive is kept (see backup-retention.ts). */
  retention: string;
  /** Scratch space of one attempt (dump, filestore tar), removed afterwards. */
  work: string;
}

/** `<BACKUP_DIR>/<tenantId>/<instanceId>/<backupId>.tar`, with its checksum beside it. */
export function backupPaths(backupDir: string, tenantId: string, instanceId: string, backupId: string): BackupPaths {
  const directory = path.join(path.resolve(backupDir), tenantId, instanceId);
  return {
    directory,
    archive: path.join(directory, `${backupId}.tar`),
    checksum: path.join(directory, `${backupId}.tar.sha256`),
    retention: path.join(directory, `${backupId}.tar.retention.json`),
    work: path.join(directory, `.${backupId}.work`),
  };
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}

export interface WrittenArchive {
  sizeBytes: number;
  checksum: string;
}

/**
 * Writes the archive (manifest, dump, filestore tar) and its checksum file. The archive is
 * written under a temporary name and renamed, so `<backupId>.tar` is always complete.
 */
export async function writeBackupArchive(
  paths: BackupPaths,
  manifest: BackupManifest,
  files: { database: string; filestore?: string },
): Promise<WrittenArchive> {
  const partial = `${paths.archive}.partial`;
  const archive = pack();
  const hash = createHash('sha256');
  let sizeBytes = 0;
  const measure = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      sizeBytes += chunk.length;
      callback(null, chunk);
    },
  });
  const written = pipeline(archive, measure, createWriteStream(partial));
  const addFile = async (name: string, file: string) => {
    const { size } = await stat(file);
    const entry = archive.entry({ name, size, mode: 0o600, mtime: new Date() });
    await pipeline(createReadStream(file), entry);
  };
  try {
    const manifestJson = Buffer.from(JSON.stringify(manifest, null, 2));
    await new Promise<void>((resolve, reject) =>
      archive.entry({ name: ArchiveEntries.manifest, mode: 0o600, mtime: new Date() }, manifestJson, (error) => (error ? reject(error) : resolve())),
    );
    await addFile(ArchiveEntries.database, files.database);
    if (files.filestore) await addFile(ArchiveEntries.filestore, files.filestore);
    archive.finalize();
    await written;
  } catch (error) {
    archive.destroy();
    await rm(partial, { force: true });
    throw error;
  }
  const checksum = hash.digest('hex');
  await writeFile(paths.checksum, `${checksum}  ${path.basename(paths.archive)}\n`);
  await rename(partial, paths.archive);
  return { sizeBytes, checksum };
}

/** The checksum recorded beside the archive at backup time. */
export async function recordedChecksum(paths: BackupPaths): Promise<string | undefined> {
  try {
    return (await readFile(paths.checksum, 'utf8')).split(/\s+/)[0] || undefined;
  } catch {
    return undefined;
  }
}

export interface ExtractedArchive {
  manifest: BackupManifest;
  database: string;
  filestore?: string;
}

/** Unpacks an archive into `directory` (the attempt's scratch space). */
export async function readBackupArchive(archiveFile: string, directory: string): Promise<ExtractedArchive> {
  await mkdir(directory, { recursive: true });
  const found = new Map<string, string>();
  const extractor = extract();
  const consumed = (async () => {
    for await (const entry of extractor) {
      const name = entry.header.name;
      if (entry.header.type === 'file' && Object.values(ArchiveEntries).includes(name as never)) {
        const target = path.join(directory, name);
        await pipeline(entry, createWriteStream(target));
        found.set(name, target);
      } else {
        entry.resume();
      }
    }
  })();
  await Promise.all([pipeline(createReadStream(archiveFile), extractor), consumed]);
  const manifestFile = found.get(ArchiveEntries.manifest);
  const database = found.get(ArchiveEntries.database);
  if (!manifestFile || !database) throw new Error(`${path.basename(archiveFile)} is not a backup archive (manifest or dump missing)`);
  const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as BackupManifest;
  return { manifest, database, filestore: found.get(ArchiveEntries.filestore) };
}
