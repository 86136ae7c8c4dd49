import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type BackupPaths, backupPaths } from './backup-archive';

/**
 * The sidecar `<backupId>.tar.retention.json` beside an archive: the reconciler reads these
 * small files instead of opening every archive. An archive without one is kept.
 */
export interface RetentionRecord {
  backupId: string;
  instanceId: string;
  tenantId: string;
  /** ISO 8601. */
  retainUntil: string;
}

/** One sidecar found under BACKUP_DIR, with the paths of its backup. */
export interface RetainedBackup {
  record: RetentionRecord;
  paths: BackupPaths;
}

const SIDECAR_SUFFIX = '.tar.retention.json';

/**
 * True once `retainUntil` has passed. An unreadable time keeps the backup: deleting a
 * customer's data is the one mistake that cannot be undone.
 */
export function isExpired(retainUntil: string, now: Date): boolean {
  const until = Date.parse(retainUntil);
  return !Number.isNaN(until) && until <= now.getTime();
}

/** Written after the archive is complete, so a sidecar never outlives a half-written backup. */
export async function writeRetention(paths: BackupPaths, record: RetentionRecord): Promise<void> {
  const partial = `${paths.retention}.partial`;
  await writeFile(partial, `${JSON.stringify(record, null, 2)}\n`);
  await rename(partial, paths.retention);
}

/** Removes the archive and its checksum; the sidecar stays as the record still to report. */
export async function removeArchive(paths: BackupPaths): Promise<void> {
  await rm(paths.archive, { force: true });
  await rm(paths.checksum, { force: true });
}

/** Forgets a backup once its expiry was reported. */
export async function removeRetention(paths: BackupPaths): Promise<void> {
  await rm(paths.retention, { force: true });
}

/**
 * Every sidecar under `<backupDir>/<tenant>/<instance>/`. Unreadable or foreign files are
 * skipped (reported through `onSkipped`), never deleted.
 */
export async function listRetainedBackups(backupDir: string, onSkipped: (file: string, reason: string) => void = () => undefined): Promise<RetainedBackup[]> {
  const found: RetainedBackup[] = [];
  for (const tenantId of await directories(backupDir)) {
    for (const instanceId of await directories(path.join(backupDir, tenantId))) {
      const directory = path.join(backupDir, tenantId, instanceId);
      for (const name of await readdir(directory).catch(() => [])) {
        if (!name.endsWith(SIDECAR_SUFFIX) || name.startsWith('.')) continue;
        const backupId = name.slice(0, -SIDECAR_SUFFIX.length);
        const file = path.join(directory, name);
        const record = parseRecord(await readFile(file, 'utf8').catch(() => ''));
        if (!record || record.backupId !== backupId || record.instanceId !== instanceId || record.tenantId !== tenantId) {
          onSkipped(file, 'not a retention record of this backup');
          continue;
        }
        found.push({ record, paths: backupPaths(backupDir, tenantId, instanceId, backupId) });
      }
    }
  }
  return found;
}

async function directories(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isDirectory() && !entry.name.startsWith('.')).map((entry) => entry.name);
}

function parseRecord(text: string): RetentionRecord | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (!value || typeof value !== 'object') return undefined;
    const { backupId, instanceId, tenantId, retainUntil } = value as Record<string, unknown>;
    if (typeof backupId !== 'string' || typeof instanceId !== 'string' || typeof tenantId !== 'string' || typeof retainUntil !== 'string') {
      return undefined;
    }
    return { backupId, instanceId, tenantId, retainUntil };
  } catch {
    return undefined;
  }
}
