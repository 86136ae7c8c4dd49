import { createHash } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { type ArchiveFormat, type BackupKeys, backupKeys, type BackupStore, readText } from '@saas/backups';
import type { BackupVerificationFacts } from '@saas/contracts';
import { JobError } from '../errors';

/** A backup found in the store, in one of the two formats. */
export interface StoredBackup {
  backupId: string;
  format: ArchiveFormat;
  keys: BackupKeys;
}

/** Odoo's zip first; else the platform's first format (tar), which keeps restoring. */
export async function findStoredBackup(store: BackupStore, tenantId: string, instanceId: string, backupId: string): Promise<StoredBackup | undefined> {
  for (const format of ['zip', 'tar'] as const) {
    const keys = backupKeys(tenantId, instanceId, backupId, format);
    if (await store.stat(keys.archive)) return { backupId, format, keys };
  }
  return undefined;
}

export async function sha256Of(store: BackupStore, key: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(store.read(key), hash);
  return hash.digest('hex');
}

/** The checksum recorded beside the archive when it was written (`sha256sum` format). */
export async function recordedChecksum(store: BackupStore, keys: BackupKeys): Promise<string | undefined> {
  return (await readText(store, keys.checksum))?.split(/\s+/)[0] || undefined;
}

/**
 * The archive's SHA-256 must be the one reported when it was taken (`expected`, from the
 * job), else the one recorded beside it. A mismatch fails the job for good, carrying a FAILED
 * verification of the backup; `instanceStatus` is what the instance is left in (untouched).
 */
export async function requireIntactArchive(
  store: BackupStore,
  stored: StoredBackup,
  expected: string | undefined,
  instanceStatus: 'RUNNING' | 'STOPPED' | 'FAILED',
): Promise<void> {
  const recorded = expected ?? (await recordedChecksum(store, stored.keys));
  const failed = (reason: string): JobError =>
    new JobError('BACKUP_CORRUPT', reason, { instanceStatus, verification: damaged(stored.backupId, reason) });
  if (!recorded) throw failed(`backup ${stored.backupId} has no recorded checksum`);
  const actual = await sha256Of(store, stored.keys.archive);
  if (actual !== recorded) throw failed(`backup ${stored.backupId} is damaged: its SHA-256 is ${actual}, not ${recorded} as when it was taken`);
}

function damaged(backupId: string, reason: string): BackupVerificationFacts {
  return { backupId, status: 'FAILED', at: new Date().toISOString(), reason };
}
