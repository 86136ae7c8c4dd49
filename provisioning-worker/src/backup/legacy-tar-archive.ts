import { createWriteStream } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { extract } from 'tar-stream';

/**
 * The platform's first backup format, `<backupId>.tar`: `manifest.json`, `database.dump`
 * (`pg_dump -Fc`) and `filestore.tar` (the Docker archive of the filestore). Backups are
 * written as Odoo's database-manager zip now; archives of this format keep restoring.
 */
export interface LegacyManifest {
  format: 1;
  backupId: string;
  instanceId: string;
  tenantId: string;
  databaseName: string;
  odooVersion: string;
  createdAt: string;
  hasFilestore: boolean;
  retainUntil?: string;
}

export const LegacyEntries = {
  manifest: 'manifest.json',
  database: 'database.dump',
  filestore: 'filestore.tar',
} as const;

export interface ExtractedLegacyArchive {
  manifest: LegacyManifest;
  /** `pg_dump -Fc` file, for pg_restore. */
  database: string;
  /** Tar with `<database>/...` entries, for `putArchive` into `<data_dir>/filestore`. */
  filestore?: string;
}

/** Unpacks a legacy archive into `directory` (the attempt's scratch space). */
export async function readLegacyArchive(archive: Readable, name: string, directory: string): Promise<ExtractedLegacyArchive> {
  await mkdir(directory, { recursive: true });
  const found = new Map<string, string>();
  const extractor = extract();
  const consumed = (async () => {
    for await (const entry of extractor) {
      const entryName = entry.header.name;
      if (entry.header.type === 'file' && Object.values(LegacyEntries).includes(entryName as never)) {
        const target = path.join(directory, entryName);
        await pipeline(entry, createWriteStream(target, { mode: 0o600 }));
        found.set(entryName, target);
      } else {
        entry.resume();
      }
    }
  })();
  await Promise.all([pipeline(archive, extractor), consumed]);
  const manifestFile = found.get(LegacyEntries.manifest);
  const database = found.get(LegacyEntries.database);
  if (!manifestFile || !database) throw new Error(`${name} is not a backup archive (manifest or dump missing)`);
  const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as LegacyManifest;
  return { manifest, database, filestore: found.get(LegacyEntries.filestore) };
}
