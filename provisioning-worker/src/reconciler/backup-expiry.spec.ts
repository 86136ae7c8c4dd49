import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { type ArchiveFormat, type BackupKeys, backupKeys, FilesystemBackupStore } from '@saas/backups';
import { createLogger } from '@saas/logger';
import { type RotationPolicy, writeRetention } from '../backup/backup-retention';
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
  let store: FilesystemBackupStore;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'backup-expiry-'));
    store = new FilesystemBackupStore(dir);
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const put = (key: string, text: string) => store.write(key, Readable.from([Buffer.from(text)]));
  async function backup(
    instanceId: string,
    backupId: string,
    retention: { retainUntil?: string; rotation?: RotationPolicy; createdAt?: string },
    format: ArchiveFormat = 'zip',
  ): Promise<BackupKeys> {
    const keys = backupKeys('t1', instanceId, backupId, format);
    await put(keys.archive, 'archive');
    await put(keys.checksum, 'checksum');
    await writeRetention(store, keys, { backupId, instanceId, tenantId: 't1', ...retention });
    return keys;
  }
  const files = async (keys: BackupKeys) => Promise.all([keys.archive, keys.checksum, keys.retention].map(async (key) => (await store.stat(key)) !== undefined));

  it('removes expired archives of idle instances, keeps fresh ones and those of busy instances', async () => {
    const expired = await backup('i1', 'old', { retainUntil: '2026-11-01T00:00:00.000Z' });
    const fresh = await backup('i1', 'new', { retainUntil: '2026-12-01T00:00:00.000Z' });
    const busy = await backup('i2', 'old-busy', { retainUntil: '2026-11-01T00:00:00.000Z' });
    // The platform's first format (tar) expires the same way.
    const legacy = await backup('i3', 'old-tar', { retainUntil: '2026-11-01T00:00:00.000Z' }, 'tar');

    const expiry = new BackupExpiry(store, locksWith(new Set(['i2'])), logger);
    const removed = await expiry.sweep(now);

    expect(removed.map(({ instanceId, backupId }) => ({ instanceId, backupId }))).toEqual([
      { instanceId: 'i1', backupId: 'old' },
      { instanceId: 'i3', backupId: 'old-tar' },
    ]);
    // Archive and checksum are gone; the sidecar stays until the report is confirmed.
    expect(await files(expired)).toEqual([false, false, true]);
    expect(await files(legacy)).toEqual([false, false, true]);
    expect(await files(fresh)).toEqual([true, true, true]);
    expect(await files(busy)).toEqual([true, true, true]);

    await expiry.reported(removed);
    expect(await files(expired)).toEqual([false, false, false]);
  });

  it('reports a removed backup again until the report was confirmed', async () => {
    await backup('i1', 'old', { retainUntil: '2026-11-01T00:00:00.000Z' });
    const expiry = new BackupExpiry(store, locksWith(new Set()), logger);
    const first = await expiry.sweep(now);
    // The publish failed: nothing confirmed, so the next round reports it again.
    const second = await expiry.sweep(now);
    expect(second.map((b) => b.backupId)).toEqual(first.map((b) => b.backupId));
    await expiry.reported(second);
    expect(await expiry.sweep(now)).toEqual([]);
  });

  it('with a fake clock, 100 days of daily SCHEDULED backups, swept every day, leave exactly 7 + 4 + 3', async () => {
    const expiry = new BackupExpiry(store, locksWith(new Set()), logger);
    const rotation = { daily: 7, weekly: 4, monthly: 3 };
    const start = Date.parse('2026-01-01T02:30:00.000Z');
    const DAY = 86_400_000;
    let reportedCount = 0;
    for (let day = 0; day < 100; day += 1) {
      const createdAt = new Date(start + day * DAY);
      await backup('i1', `day-${String(day).padStart(3, '0')}`, { rotation, createdAt: createdAt.toISOString() });
      const removed = await expiry.sweep(new Date(createdAt.getTime() + 60_000));
      reportedCount += removed.length;
      await expiry.reported(removed);
    }
    const archives = (await store.list('t1/i1')).filter((key) => key.endsWith('.zip'));
    expect(archives).toHaveLength(7 + 4 + 3);
    expect(reportedCount).toBe(100 - 14);
    // The newest seven days are all there.
    expect(archives.slice(-7).map((key) => key.split('/').pop())).toEqual([93, 94, 95, 96, 97, 98, 99].map((day) => `day-0${day}.zip`));
  });

  it('never rotates a backup kept by days only, nor one from the future', async () => {
    await backup('i1', 'manual', { retainUntil: '2027-01-01T00:00:00.000Z' });
    await backup('i1', 'future', { rotation: { daily: 0, weekly: 0, monthly: 0 }, createdAt: '2030-01-01T00:00:00.000Z' });
    expect(await new BackupExpiry(store, locksWith(new Set()), logger).sweep(now)).toEqual([]);
  });
});
