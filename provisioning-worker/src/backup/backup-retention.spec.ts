import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { backupPaths } from './backup-archive';
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
    beforeEach(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'backup-retention-'));
    });
    afterEach(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('finds the sidecars of <tenant>/<instance>/<backup>.tar and skips foreign or broken ones', async () => {
      const good = backupPaths(dir, 't1', 'i1', 'b1');
      await mkdir(good.directory, { recursive: true });
      await writeRetention(good, { backupId: 'b1', instanceId: 'i1', tenantId: 't1', retainUntil: '2026-12-01T00:00:00.000Z' });
      // Names another backup than its file name says: never trusted.
      await writeRetention(backupPaths(dir, 't1', 'i1', 'b2'), { backupId: 'other', instanceId: 'i1', tenantId: 't1', retainUntil: '2000-01-01T00:00:00.000Z' });
      await writeFile(path.join(good.directory, 'b3.tar.retention.json'), 'not json');
      await writeFile(path.join(good.directory, 'b1.tar'), 'archive');
      await mkdir(path.join(good.directory, '.b4.work'));

      const skipped: string[] = [];
      const found = await listRetainedBackups(dir, (file) => skipped.push(path.basename(file)));
      expect(found).toEqual([
        { record: { backupId: 'b1', instanceId: 'i1', tenantId: 't1', retainUntil: '2026-12-01T00:00:00.000Z' }, paths: good },
      ]);
      expect(skipped.sort()).toEqual(['b2.tar.retention.json', 'b3.tar.retention.json']);
    });

    it('finds nothing when BACKUP_DIR does not exist yet', async () => {
      expect(await listRetainedBackups(path.join(dir, 'missing'))).toEqual([]);
    });
  });
});
