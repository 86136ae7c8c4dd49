const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * When a backup requested at `requestedAt` expires under a retention of `retentionDays`
 * (0: as soon as it is taken); null when the retention is unknown, and the backup is kept.
 */
export function backupExpiresAt(requestedAt: Date, retentionDays: number | undefined): Date | null {
  if (retentionDays === undefined || !Number.isInteger(retentionDays) || retentionDays < 0) return null;
  return new Date(requestedAt.getTime() + retentionDays * DAY_MS);
}
