/** How many daily, weekly and monthly backups the plan keeps (SCHEDULED backups). */
export interface RotationPolicy {
  daily: number;
  weekly: number;
  monthly: number;
}

export interface RotatedBackup {
  id: string;
  createdAt: Date;
}

const dayOf = (at: Date) => at.toISOString().slice(0, 10);
const monthOf = (at: Date) => at.toISOString().slice(0, 7);
/** ISO 8601 week (`2026-W48`), UTC: weeks start on Monday. */
function weekOf(at: Date): string {
  const day = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  const weekday = day.getUTCDay() || 7;
  day.setUTCDate(day.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((day.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${day.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/**
 * Grandfather-father-son rotation: the newest backup of each of the last `daily` days that
 * have one (sons); then, among older backups, the newest of each of the last `weekly` ISO
 * weeks (fathers); then, older still, the newest of each of the last `monthly` months
 * (grandfathers). The tiers never overlap, so a backup a day for long enough leaves exactly
 * daily + weekly + monthly. Returns the ids to keep; every other one may go. Times are UTC.
 */
export function rotationKeepers(backups: readonly RotatedBackup[], policy: RotationPolicy): Set<string> {
  const newestFirst = [...backups].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  const keep = new Set<string>();
  let rest = newestFirst;
  for (const [count, bucketOf] of [
    [policy.daily, dayOf],
    [policy.weekly, weekOf],
    [policy.monthly, monthOf],
  ] as const) {
    const buckets = new Set<string>();
    let oldestKept = -1;
    rest.forEach((backup, index) => {
      if (buckets.size >= count) return;
      const bucket = bucketOf(backup.createdAt);
      if (buckets.has(bucket)) return;
      buckets.add(bucket);
      keep.add(backup.id);
      oldestKept = index;
    });
    // The next tier starts below the oldest backup this one kept.
    if (oldestKept >= 0) rest = rest.slice(oldestKept + 1);
  }
  return keep;
}
