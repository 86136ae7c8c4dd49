import type { InstanceStatus } from '@saas/contracts';

/** One applied status change of an instance, as billing stored it. */
export interface StatusFact {
  instanceId: string;
  /** Increases by one per change of the instance; orders the changes whatever order they arrived in. */
  sequence: number;
  status: InstanceStatus;
  at: Date;
}

const MS_PER_SECOND = 1_000;
const SECONDS_PER_HOUR = 3_600;

/**
 * Milliseconds each instance was RUNNING within `[window.start, window.end)`. A RUNNING change
 * opens an interval that the next change (by sequence) closes; the last one, if RUNNING, is
 * still open and counts up to `now`. Duplicates (same instance and sequence) count once and
 * the input order does not matter, so redelivered or reordered events give the same totals.
 * `facts` must include, per instance, the last change before the window (its state then).
 */
export function runningMilliseconds(facts: readonly StatusFact[], window: { start: Date; end: Date }, now: Date): Map<string, number> {
  const byInstance = new Map<string, Map<number, StatusFact>>();
  for (const fact of facts) {
    const changes = byInstance.get(fact.instanceId) ?? new Map<number, StatusFact>();
    if (!changes.has(fact.sequence)) changes.set(fact.sequence, fact);
    byInstance.set(fact.instanceId, changes);
  }
  const from = window.start.getTime();
  const until = Math.min(window.end.getTime(), now.getTime());
  const totals = new Map<string, number>();
  for (const [instanceId, changes] of byInstance) {
    const ordered = [...changes.values()].sort((a, b) => a.sequence - b.sequence);
    let total = 0;
    ordered.forEach((change, index) => {
      if (change.status !== 'RUNNING') return;
      const next = ordered[index + 1];
      const start = Math.max(change.at.getTime(), from);
      const end = Math.min(next ? next.at.getTime() : Number.POSITIVE_INFINITY, until);
      if (end > start) total += end - start;
    });
    if (total > 0) totals.set(instanceId, total);
  }
  return totals;
}

/** Whole seconds one instance was RUNNING in a period. */
export interface InstanceSeconds {
  instanceId: string;
  seconds: number;
}

/** Usage of a period in whole seconds per instance (partial seconds dropped) and in total. */
export interface UsageSummary {
  instances: InstanceSeconds[];
  /** Sum of the per-instance seconds, so the parts always add up to what is shown. */
  totalSeconds: number;
  /** Whole instance-hours, rounded up: what is billed. */
  hours: number;
}

export function summarizeUsage(milliseconds: Map<string, number>): UsageSummary {
  const instances = [...milliseconds.entries()]
    .map(([instanceId, ms]) => ({ instanceId, seconds: Math.floor(ms / MS_PER_SECOND) }))
    .filter((usage) => usage.seconds > 0)
    .sort((a, b) => b.seconds - a.seconds || a.instanceId.localeCompare(b.instanceId));
  const totalSeconds = instances.reduce((sum, usage) => sum + usage.seconds, 0);
  return { instances, totalSeconds, hours: Math.ceil(totalSeconds / SECONDS_PER_HOUR) };
}
