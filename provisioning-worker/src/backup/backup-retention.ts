import { Readable } from 'node:stream';
import { type ArchiveFormat, type BackupKeys, backupKeys, type BackupStore, readText, type RotationPolicy } from '@saas/backups';

/**
 * The sidecar `<archive>.retention.json` beside an archive: the reconciler reads these
 * small objects instead of opening every archive. An archive without one is kept.
 */
export interface RetentionRecord {
  backupId: string;
  instanceId: string;
  tenantId: string;
  /** ISO 8601: the plan's retention in days ends then. */
  retainUntil?: string;
  /** SCHEDULED backups: kept by grandfather-father-son rotation instead (backup-rotation.ts). */
  rotation?: RotationPolicy;
  /** ISO 8601: when the backup was taken (the rotation sorts by it). */
  createdAt?: string;
}

export type { RotationPolicy };

/** One sidecar found in the store, with the keys of its backup. */
export interface RetainedBackup {
  record: RetentionRecord;
  keys: BackupKeys;
}

const FORMATS: readonly ArchiveFormat[] = ['zip', 'tar'];

/**
 * True once `retainUntil` has passed. An unreadable time keeps the backup: deleting a
 * customer's data is the one mistake that cannot be undone.
 */
export function isExpired(retainUntil: string, now: Date): boolean {
  const until = Date.parse(retainUntil);
  return !Number.isNaN(until) && until <= now.getTime();
}

/** Written after the archive is complete, so a sidecar never outlives a half-written backup. */
export async function writeRetention(store: BackupStore, keys: BackupKeys, record: RetentionRecord): Promise<void> {
  await store.write(keys.retention, Readable.from([Buffer.from(`${JSON.stringify(record, null, 2)}\n`)]));
}

/** Removes the archive and its checksum; the sidecar stays as the record still to report. */
export async function removeArchive(store: BackupStore, keys: BackupKeys): Promise<void> {
  await store.remove(keys.archive);
  await store.remove(keys.checksum);
}

/** Forgets a backup once its expiry was reported. */
export async function removeRetention(store: BackupStore, keys: BackupKeys): Promise<void> {
  await store.remove(keys.retention);
}

/**
 * Every sidecar under `<tenant>/<instance>/`, of both archive formats. Unreadable or foreign
 * objects are skipped (reported through `onSkipped`), never deleted.
 */
export async function listRetainedBackups(store: BackupStore, onSkipped: (key: string, reason: string) => void = () => undefined): Promise<RetainedBackup[]> {
  const found: RetainedBackup[] = [];
  for (const tenantId of await store.folders('')) {
    for (const instanceId of await store.folders(tenantId)) {
      for (const key of await store.list(`${tenantId}/${instanceId}`)) {
        const name = key.slice(key.lastIndexOf('/') + 1);
        const format = FORMATS.find((candidate) => name.endsWith(`.${candidate}.retention.json`));
        if (!format) continue;
        const backupId = name.slice(0, -`.${format}.retention.json`.length);
        const record = parseRecord((await readText(store, key).catch(() => undefined)) ?? '');
        if (!record || record.backupId !== backupId || record.instanceId !== instanceId || record.tenantId !== tenantId) {
          onSkipped(key, 'not a retention record of this backup');
          continue;
        }
        found.push({ record, keys: backupKeys(tenantId, instanceId, backupId, format) });
      }
    }
  }
  return found;
}

function parseRecord(text: string): RetentionRecord | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (!value || typeof value !== 'object') return undefined;
    const { backupId, instanceId, tenantId, retainUntil, rotation, createdAt } = value as Record<string, unknown>;
    if (typeof backupId !== 'string' || typeof instanceId !== 'string' || typeof tenantId !== 'string') return undefined;
    const record: RetentionRecord = { backupId, instanceId, tenantId };
    if (typeof retainUntil === 'string') record.retainUntil = retainUntil;
    if (typeof createdAt === 'string') record.createdAt = createdAt;
    if (isRotation(rotation)) record.rotation = rotation;
    return record.retainUntil || (record.rotation && record.createdAt) ? record : undefined;
  } catch {
    return undefined;
  }
}

function isRotation(value: unknown): value is RotationPolicy {
  if (!value || typeof value !== 'object') return false;
  const { daily, weekly, monthly } = value as Record<string, unknown>;
  return [daily, weekly, monthly].every((count) => typeof count === 'number' && Number.isInteger(count) && count >= 0);
}
