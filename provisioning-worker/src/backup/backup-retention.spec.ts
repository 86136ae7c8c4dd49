import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { backupKeys, FilesystemBackupStore } from '@saas/backups';
import { isExpired, listRetainedBackups, writeRetention } from './backup-retention';

describe('backup retention', () => {
  const now = new Date('2026-11-24T12:00:00.000Z');

  describe('isExpired', () => {
    it('expires a backup once its retainUntil has passed, not before', () => {
      expect(isExpired('2026-11-24T11:59:59.999Z', now)).toBe(true);
      expect(isExpired('2026-11-24T12:00:00.000Z', now)).toBe(true);
      expect(isExpired('2026-11-24T12:00:00.001Z', now)).toBe(false);
      expect(isExpired('2027-01-01T00:00:00.000Z', now)).toBe(false);
    });

    it('keeps a backup whose retainUntil cannot be read', () => {
      expect(isExpired('', now)).toBe(false);
      expect(isExpired('next tuesday', now)).toBe(false);
    });
  });

  describe('listRetainedBackups', () => {
    let dir: string;
    let store: FilesystemBackupStore;
    beforeEach(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'backup-retention-'));
      store = new FilesystemBackupStore(dir);
    });
    afterEach(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('finds the sidecars of <tenant>/<instance>/<backup>.{zip,tar} and skips foreign or broken ones', async () => {
      const good = backupKeys('t1', 'i1', 'b1', 'tar');
      const zipped = backupKeys('t1', 'i1', 'b5');
      const directory = path.join(dir, 't1', 'i1');
      await writeRetention(store, good, { backupId: 'b1', instanceId: 'i1', tenantId: 't1', retainUntil: '2026-12-01T00:00:00.000Z' });
      const rotation = { daily: 7, weekly: 4, monthly: 3 };
      await writeRetention(store, zipped, { backupId: 'b5', instanceId: 'i1', tenantId: 't1', rotation, createdAt: '2026-11-01T00:00:00.000Z' });
      // Names another backup than its file name says: never trusted.
      await writeRetention(store, backupKeys('t1', 'i1', 'b2', 'tar'), { backupId: 'other', instanceId: 'i1', tenantId: 't1', retainUntil: '2000-01-01T00:00:00.000Z' });
      await writeFile(path.join(directory, 'b3.tar.retention.json'), 'not json');
      await writeFile(path.join(directory, 'b1.tar'), 'archive');
      await mkdir(path.join(directory, '.b4.work'));

      const skipped: string[] = [];
      const found = await listRetainedBackups(store, (key) => skipped.push(path.basename(key)));
      expect(found).toEqual([
        { record: { backupId: 'b1', instanceId: 'i1', tenantId: 't1', retainUntil: '2026-12-01T00:00:00.000Z' }, keys: good },
        { record: { backupId: 'b5', instanceId: 'i1', tenantId: 't1', rotation, createdAt: '2026-11-01T00:00:00.000Z' }, keys: zipped },
      ]);
      expect(skipped.sort()).toEqual(['b2.tar.retention.json', 'b3.tar.retention.json']);
    });

    it('finds nothing when BACKUP_DIR does not exist yet', async () => {
      expect(await listRetainedBackups(new FilesystemBackupStore(path.join(dir, 'missing')))).toEqual([]);
    });
  });
});
