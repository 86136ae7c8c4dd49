import { createHash } from 'node:crypto';
import type { InstanceStatus } from '@saas/contracts';

/** The daily quiet time of scheduled backups (UTC): `hours` hours from `startHour`. */
export interface BackupWindow {
  startHour: number;
  hours: number;
}

/** What the scheduler knows about one instance. */
export interface ScheduleFacts {
  instanceId: string;
  status: InstanceStatus;
  /** The day (UTC, `YYYY-MM-DD`) of its newest SCHEDULED backup, if any. */
  lastScheduledFor: string | null;
  /** When its newest COMPLETED backup (of any kind) was requested. */
  lastBackupAt: Date | null;
  /** When its newest operation other than a backup was requested: what may have changed its data. */
  lastChangeAt: Date | null;
}

export type ScheduleDecision =
  | { due: true; day: string }
  | { due: false; reason: 'NOT_YET' | 'DONE_TODAY' | 'NOT_BACKED_UP_WHEN' | 'UNCHANGED' };

export const dayOf = (at: Date): string => at.toISOString().slice(0, 10);

/**
 * An instance's backup time on `day`: spread over the window by a hash of its id, so a
 * platform's instances are not all dumped at once, and the same every day.
 */
export function quietTime(instanceId: string, day: string, window: BackupWindow): Date {
  const minutes = Math.max(1, Math.round(window.hours * 60));
  const offset = createHash('sha256').update(instanceId).digest().readUInt32BE(0) % minutes;
  return new Date(Date.parse(`${day}T00:00:00Z`) + (window.startHour * 60 + offset) * 60_000);
}

/**
 * Whether the instance's daily backup is due now: once a day, from its quiet time on. A
 * RUNNING instance is backed up; a STOPPED one only when something happened to it since its
 * last backup (a stopped Odoo writes nothing); any other status waits (an operation in
 * flight, HIBERNATED, FAILED, ...): a BACKUP is not allowed there.
 */
export function scheduleDecision(facts: ScheduleFacts, now: Date, window: BackupWindow): ScheduleDecision {
  const day = dayOf(now);
  if (facts.lastScheduledFor !== null && facts.lastScheduledFor >= day) return { due: false, reason: 'DONE_TODAY' };
  if (now.getTime() < quietTime(facts.instanceId, day, window).getTime()) return { due: false, reason: 'NOT_YET' };
  if (facts.status !== 'RUNNING' && facts.status !== 'STOPPED') return { due: false, reason: 'NOT_BACKED_UP_WHEN' };
  if (facts.status === 'STOPPED' && facts.lastBackupAt && (!facts.lastChangeAt || facts.lastChangeAt <= facts.lastBackupAt)) {
    return { due: false, reason: 'UNCHANGED' };
  }
  return { due: true, day };
}
