import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BackupManifest, backupPaths, readBackupArchive, recordedChecksum, sha256File, writeBackupArchive } from './backup-archive';

describe('backup archives', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'backup-archive-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const manifest: BackupManifest = {
    format: 1,
    backupId: 'b1',
    instanceId: 'i1',
    tenantId: 't1',
    databaseName: 'odoo_i1',
    odooVersion: '17.0',
    createdAt: '2026-01-01T00:00:00.000Z',
    hasFilestore: true,
  };

  it('lays archives out per tenant and instance', () => {
    const paths = backupPaths('/backups', 't1', 'i1', 'b1');
    expect(paths.archive).toBe('/backups/t1/i1/b1.tar');
    expect(paths.checksum).toBe('/backups/t1/i1/b1.tar.sha256');
  });

  it('writes one archive with its size and checksum, and reads back the same files', async () => {
    const paths = backupPaths(dir, 't1', 'i1', 'b1');
    await mkdir(paths.directory, { recursive: true });
    const dump = path.join(dir, 'db.dump');
    const filestore = path.join(dir, 'fs.tar');
    await writeFile(dump, Buffer.alloc(70_000, 7));
    await writeFile(filestore, 'filestore-bytes');

    const written = await writeBackupArchive(paths, manifest, { database: dump, filestore });
    expect((await stat(paths.archive)).size).toBe(written.sizeBytes);
    expect(await sha256File(paths.archive)).toBe(written.checksum);
    expect(await recordedChecksum(paths)).toBe(written.checksum);

    const extracted = await readBackupArchive(paths.archive, path.join(dir, 'out'));
    expect(extracted.manifest).toEqual(manifest);
    expect(await readFile(extracted.database)).toEqual(Buffer.alloc(70_000, 7));
    expect(await readFile(extracted.filestore!, 'utf8')).toBe('filestore-bytes');
  });

  it('refuses a file that is not a backup archive', async () => {
    const bogus = path.join(dir, 'bogus.tar');
    // An empty tar: two zero blocks, no manifest.
    await writeFile(bogus, Buffer.alloc(1024));
    await expect(readBackupArchive(bogus, path.join(dir, 'out2'))).rejects.toThrow(/not a backup archive/);
  });
});
