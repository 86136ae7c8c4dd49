import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { backupKeys, FilesystemBackupStore } from '@saas/backups';
import { writeLegacyBackup } from '../../test/support/legacy-tar-backup';
import { type LegacyManifest, readLegacyArchive } from './legacy-tar-archive';

describe('backups of the platform\'s first format (tar)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'legacy-archive-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const manifest: LegacyManifest = {
    format: 1,
    backupId: 'b1',
    instanceId: 'i1',
    tenantId: 't1',
    databaseName: 'odoo_i1',
    odooVersion: '17.0',
    createdAt: '2026-01-01T00:00:00.000Z',
    hasFilestore: true,
  };

  it('reads back the manifest, the dump and the filestore tar', async () => {
    const store = new FilesystemBackupStore(path.join(dir, 'store'));
    const keys = backupKeys('t1', 'i1', 'b1', 'tar');
    expect(keys.archive).toBe('t1/i1/b1.tar');
    const dump = path.join(dir, 'db.dump');
    const filestore = path.join(dir, 'fs.tar');
    await writeFile(dump, Buffer.alloc(70_000, 7));
    await writeFile(filestore, 'filestore-bytes');
    await writeLegacyBackup(store, keys, manifest, { database: dump, filestore });

    const extracted = await readLegacyArchive(store.read(keys.archive), keys.archive, path.join(dir, 'out'));
    expect(extracted.manifest).toEqual(manifest);
    expect(await readFile(extracted.database)).toEqual(Buffer.alloc(70_000, 7));
    expect(await readFile(extracted.filestore!, 'utf8')).toBe('filestore-bytes');
  });

  it('refuses a file that is not a backup archive', async () => {
    // An empty tar: two zero blocks, no manifest.
    await expect(readLegacyArchive(Readable.from([Buffer.alloc(1024)]), 'bogus.tar', path.join(dir, 'out2'))).rejects.toThrow(/not a backup archive/);
  });
});
