import { randomUUID } from 'node:crypto';
import { rotationKeepers } from '@saas/backups';
import { dayOf, quietTime, type ScheduleFacts, scheduleDecision } from './backup-schedule';

describe('scheduled backups', () => {
  const window = { startHour: 1, hours: 4 };
  const instanceId = '6f0c6b1e-7d1c-4f3b-9a55-2a3c1c0d0e01';
  const running: ScheduleFacts = { instanceId, status: 'RUNNING', lastScheduledFor: null, lastBackupAt: null, lastChangeAt: null };

  it('spreads instances over the quiet window, each at the same time every day', () => {
    const times = Array.from({ length: 500 }, () => randomUUID()).map((id) => quietTime(id, '2026-12-04', window));
    for (const time of times) {
      expect(time.getTime()).toBeGreaterThanOrEqual(Date.parse('2026-12-04T01:00:00Z'));
      expect(time.getTime()).toBeLessThan(Date.parse('2026-12-04T05:00:00Z'));
    }
    expect(new Set(times.map((time) => time.getTime())).size).toBeGreaterThan(150);
    expect(quietTime(instanceId, '2026-12-05', window).getTime() - quietTime(instanceId, '2026-12-04', window).getTime()).toBe(86_400_000);
  });

  it('is due once a day from the quiet time on', () => {
    const slot = quietTime(instanceId, '2026-12-04', window);
    expect(scheduleDecision(running, new Date(slot.getTime() - 1000), window)).toEqual({ due: false, reason: 'NOT_YET' });
    expect(scheduleDecision(running, slot, window)).toEqual({ due: true, day: '2026-12-04' });
    expect(scheduleDecision({ ...running, lastScheduledFor: '2026-12-04' }, new Date(slot.getTime() + 3_600_000), window)).toEqual({ due: false, reason: 'DONE_TODAY' });
  });

  it('skips a STOPPED instance that has not changed since its last backup, and waits in other statuses', () => {
    const slot = quietTime(instanceId, '2026-12-04', window);
    const lastBackupAt = new Date('2026-12-03T02:00:00Z');
    const stopped: ScheduleFacts = { ...running, status: 'STOPPED', lastScheduledFor: '2026-12-03', lastBackupAt, lastChangeAt: new Date('2026-12-01T09:00:00Z') };
    expect(scheduleDecision(stopped, slot, window)).toEqual({ due: false, reason: 'UNCHANGED' });
    // Stopped after the last backup: what it wrote until then is backed up once more.
    expect(scheduleDecision({ ...stopped, lastChangeAt: new Date('2026-12-03T18:00:00Z') }, slot, window)).toEqual({ due: true, day: '2026-12-04' });
    expect(scheduleDecision({ ...stopped, lastBackupAt: null }, slot, window)).toEqual({ due: true, day: '2026-12-04' });
    for (const status of ['HIBERNATED', 'BACKING_UP', 'FAILED', 'PROVISIONING'] as const) {
      expect(scheduleDecision({ ...running, status }, slot, window)).toEqual({ due: false, reason: 'NOT_BACKED_UP_WHEN' });
    }
  });

  it('with a fake clock: 100 days of ticks make one backup a day, and the rotation keeps exactly 7 + 4 + 3', () => {
    const start = Date.parse('2026-01-01T00:00:00Z');
    let facts = running;
    const backups: Array<{ id: string; createdAt: Date }> = [];
    for (let now = start; now < start + 100 * 86_400_000; now += 10 * 60_000) {
      const decision = scheduleDecision(facts, new Date(now), window);
      if (!decision.due) continue;
      backups.push({ id: decision.day, createdAt: new Date(now) });
      facts = { ...facts, lastScheduledFor: decision.day, lastBackupAt: new Date(now) };
    }
    expect(backups).toHaveLength(100);
    expect(new Set(backups.map((backup) => dayOf(backup.createdAt))).size).toBe(100);
    expect(rotationKeepers(backups, { daily: 7, weekly: 4, monthly: 3 }).size).toBe(7 + 4 + 3);
  });
});
