import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type BackupKeys, type BackupStore, checksumLine, type WrittenObject } from '@saas/backups';
import { pack } from 'tar-stream';
import { LegacyEntries, type LegacyManifest } from '../../src/backup/legacy-tar-archive';

/**
 * Writes a backup in the platform's first format (what the worker wrote before Odoo's zip):
 * a tar of manifest.json, database.dump (`pg_dump -Fc`) and filestore.tar, with its sha256
 * beside it. Tests use it to prove such backups keep restoring.
 */
export async function writeLegacyBackup(
  store: BackupStore,
  keys: BackupKeys,
  manifest: LegacyManifest,
  files: { database: string; filestore?: string },
): Promise<WrittenObject> {
  const archive = pack();
  const written = store.write(keys.archive, Readable.from(archive));
  const addFile = async (name: string, file: string) => {
    const { size } = await stat(file);
    await pipeline(createReadStream(file), archive.entry({ name, size, mode: 0o600, mtime: new Date() }));
  };
  await new Promise<void>((resolve, reject) =>
    archive.entry({ name: LegacyEntries.manifest, mode: 0o600, mtime: new Date() }, Buffer.from(JSON.stringify(manifest, null, 2)), (error) =>
      error ? reject(error) : resolve(),
    ),
  );
  await addFile(LegacyEntries.database, files.database);
  if (files.filestore) await addFile(LegacyEntries.filestore, files.filestore);
  archive.finalize();
  const result = await written;
  await store.write(keys.checksum, Readable.from([Buffer.from(checksumLine(result.checksum, keys.archive))]));
  return result;
}
