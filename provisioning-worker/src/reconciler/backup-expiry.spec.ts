import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLogger } from '@saas/logger';
import { type BackupPaths, backupPaths } from '../backup/backup-archive';
import { writeRetention } from '../backup/backup-retention';
import type { ReleaseLock } from '../consumer/instance-lock';
import { BackupExpiry } from './backup-expiry';

const logger = createLogger({ service: 'backup-expiry-test', level: 'silent' });

/** Instance locks as a set: an id in `busy` is held by a job. */
function locksWith(busy: Set<string>) {
  return { tryAcquire: async (instanceId: string): Promise<ReleaseLock | undefined> => (busy.has(instanceId) ? undefined : async () => undefined) };
}

describe('BackupExpiry', () => {
  const now = new Date('2026-11-24T12:00:00.000Z');
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'backup-expiry-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function backup(instanceId: string, backupId: string, retainUntil: string): Promise<BackupPaths> {
    const paths = backupPaths(dir, 't1', instanceId, backupId);
    await mkdir(paths.directory, { recursive: true });
    await writeFile(paths.archive, 'archive');
    await writeFile(paths.checksum, 'checksum');
    await writeRetention(paths, { backupId, instanceId, tenantId: 't1', retainUntil });
    return paths;
  }
  const files = (paths: BackupPaths) => [paths.archive, paths.checksum, paths.retention].map((file) => existsSync(file));

  it('removes expired archives of idle instances, keeps fresh ones and those of busy instances', async () => {
    const expired = await backup('i1', 'old', '2026-11-01T00:00:00.000Z');
    const fresh = await backup('i1', 'new', '2026-12-01T00:00:00.000Z');
    const busy = await backup('i2', 'old-busy', '2026-11-01T00:00:00.000Z');

    const expiry = new BackupExpiry(dir, locksWith(new Set(['i2'])), logger);
    const removed = await expiry.sweep(now);

    expect(removed.map(({ instanceId, backupId }) => ({ instanceId, backupId }))).toEqual([{ instanceId: 'i1', backupId: 'old' }]);
    // Archive and checksum are gone; the sidecar stays until the report is confirmed.
    expect(files(expired)).toEqual([false, false, true]);
    expect(files(fresh)).toEqual([true, true, true]);
    expect(files(busy)).toEqual([true, true, true]);

    await expiry.reported(removed);
    expect(files(expired)).toEqual([false, false, false]);
  });

  it('reports a removed backup again until the report was confirmed', async () => {
    await backup('i1', 'old', '2026-11-01T00:00:00.000Z');
    const expiry = new BackupExpiry(dir, locksWith(new Set()), logger);
    const first = await expiry.sweep(now);
    // The publish failed: nothing confirmed, so the next round reports it again.
    const second = await expiry.sweep(now);
    expect(second.map((b) => b.backupId)).toEqual(first.map((b) => b.backupId));
    await expiry.reported(second);
    expect(await expiry.sweep(now)).toEqual([]);
  });
});
