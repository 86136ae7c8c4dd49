import path from 'node:path';
import { Readable } from 'node:stream';
import { type BackupKeys, buildOdooManifest, checksumLine, type OdooManifest, OdooZipWriter, type WrittenObject } from '@saas/backups';
import { extract } from 'tar-stream';
import { archiveStream } from '../docker/archive';
import { filestorePath } from '../instance-names';
import type { JobContext } from '../jobs/job-context';
import { withVolumeContainer } from './volume-access';

export interface WrittenBackup extends WrittenObject {
  manifest: OdooManifest;
}

/**
 * Writes Odoo's database-manager zip of an instance into the store: `dump.sql` (already
 * dumped into `dumpFile`), the filestore streamed from the container's volume through the
 * Docker archive API straight into zip entries (never held in memory or unpacked on disk),
 * and `manifest.json` with the installed modules and the filestore's file count and size.
 * The archive's SHA-256 is computed while it is written and recorded beside it.
 */
export async function writeOdooBackup(context: JobContext, keys: BackupKeys, dumpFile: string, backupId: string): Promise<WrittenBackup> {
  const { odooDb, store } = context.services;
  const { instance } = context.job;
  const database = context.names.database;
  const writer = new OdooZipWriter();
  const written = store.write(keys.archive, writer.stream);
  // A failure below must not leave the write waiting for an end that never comes.
  written.catch(() => undefined);
  try {
    writer.addDump(dumpFile);
    await withVolumeContainer(context, async (container) => {
      const tar = await archiveStream(container, filestorePath(database));
      if (tar) await addFilestore(writer, tar, path.posix.basename(filestorePath(database)));
    });
    const manifest = buildOdooManifest({
      databaseName: database,
      odooVersion: instance.odooVersion,
      serverVersionNum: await odooDb.serverVersionNum(),
      modules: await odooDb.installedModules(database),
      saas: { format: 2, backupId, instanceId: instance.id, tenantId: instance.tenantId, createdAt: new Date().toISOString(), filestore: writer.filestore },
    });
    writer.finish(manifest);
    const result = await written;
    await store.write(keys.checksum, Readable.from([Buffer.from(checksumLine(result.checksum, keys.archive))]));
    return { ...result, manifest };
  } catch (error) {
    writer.stream.destroy();
    throw error;
  }
}

/** Files of the Docker archive of `<data_dir>/filestore/<db>` (entries `<db>/...`) as zip entries. */
async function addFilestore(writer: OdooZipWriter, tar: NodeJS.ReadableStream, root: string): Promise<void> {
  const extractor = extract();
  const consumed = (async () => {
    for await (const entry of extractor) {
      const name = entry.header.name.replace(/^\.\//, '');
      const relative = name.startsWith(`${root}/`) ? name.slice(root.length + 1) : '';
      if (entry.header.type !== 'file' || relative === '') {
        entry.resume();
        continue;
      }
      await writer.addFilestoreFile(relative, Readable.from(entry), entry.header.size ?? 0, entry.header.mtime);
    }
  })();
  await Promise.all([pipelineInto(tar, extractor), consumed]);
}

function pipelineInto(source: NodeJS.ReadableStream, extractor: ReturnType<typeof extract>): Promise<void> {
  return new Promise((resolve, reject) => {
    source.on('error', reject);
    extractor.on('error', reject);
    extractor.on('finish', () => resolve());
    source.pipe(extractor as unknown as NodeJS.WritableStream);
  });
}
