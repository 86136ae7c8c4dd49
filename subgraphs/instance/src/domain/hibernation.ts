import type { EdgeActivity } from '@saas/contracts';

/** What decides whether a RUNNING instance is idle long enough to hibernate. */
export interface HibernationCandidate {
  id: string;
  hibernateAfterMinutes: number | null;
  hibernationDisabled: boolean;
  /** When its state last changed: an instance just started is not idle yet. */
  updatedAt: Date;
}

const MS_PER_MINUTE = 60_000;

/**
 * Since when the instance has had no request, or null when it is not to be hibernated: the
 * plan never hibernates (null), the instance opted out, or the edge reported nothing. The
 * idle time counts from the last request the edge saw, from when the edge began counting,
 * or from the instance's last change, whichever is latest.
 */
export function idleSince(instance: HibernationCandidate, activity: EdgeActivity | undefined): Date | null {
  if (!activity || instance.hibernationDisabled || instance.hibernateAfterMinutes === null) return null;
  const lastRequest = activity.lastRequestAt[instance.id];
  const times = [Date.parse(activity.since), instance.updatedAt.getTime(), lastRequest ? Date.parse(lastRequest) : Number.NaN].filter(
    (time) => !Number.isNaN(time),
  );
  return new Date(Math.max(...times));
}

/** Whether the instance has been idle for its plan's `hibernateAfterMinutes` at `now`. */
export function isIdleEnoughToHibernate(instance: HibernationCandidate, activity: EdgeActivity | undefined, now: Date): boolean {
  const since = idleSince(instance, activity);
  if (!since || instance.hibernateAfterMinutes === null) return false;
  return now.getTime() - since.getTime() >= instance.hibernateAfterMinutes * MS_PER_MINUTE;
}
