import fc from 'fast-check';
import type { InstanceStatus } from '@saas/contracts';
import { runningMilliseconds, type StatusFact, summarizeUsage } from './metering';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const t = (iso: string) => new Date(`2026-05-${iso}Z`);
const fact = (instanceId: string, sequence: number, status: InstanceStatus, at: string): StatusFact => ({ instanceId, sequence, status, at: t(at) });
const may = { start: new Date('2026-05-01T00:00:00Z'), end: new Date('2026-06-01T00:00:00Z') };
const HOUR = 3_600_000;

/** A lifecycle: create, run, stop, start, ... with the instants of each change. */
const history: StatusFact[] = [
  fact(A, 1, 'PENDING', '10T00:00:00'),
  fact(A, 2, 'PROVISIONING', '10T00:00:10'),
  fact(A, 3, 'RUNNING', '10T01:00:00'),
  fact(A, 4, 'STOPPING', '10T03:00:00'),
  fact(A, 5, 'STOPPED', '10T03:00:05'),
  fact(A, 6, 'STARTING', '11T00:00:00'),
  fact(A, 7, 'RUNNING', '11T00:00:30'),
  fact(A, 8, 'BACKING_UP', '11T01:00:30'),
  fact(A, 9, 'RUNNING', '11T01:10:30'),
  fact(B, 1, 'PENDING', '12T00:00:00'),
  fact(B, 2, 'RUNNING', '12T00:00:00'),
];
const now = t('12T02:00:00');
// A: 2 h + 1 h + (now - 11T01:10:30) = 3 h + 24h49m30s; B: 2 h, still running.
const expectedA = 3 * HOUR + (24 * 60 + 49) * 60_000 + 30_000;
const expectedB = 2 * HOUR;

describe('metering: RUNNING intervals per instance', () => {
  it('adds up RUNNING intervals; a still-running instance counts up to now', () => {
    expect(runningMilliseconds(history, may, now)).toEqual(new Map([[A, expectedA], [B, expectedB]]));
  });

  it('splits at period boundaries', () => {
    const facts = [fact(A, 1, 'RUNNING', '31T23:00:00'), fact(A, 2, 'STOPPED', '31T23:00:00')];
    const crossing = [{ instanceId: A, sequence: 1, status: 'RUNNING' as const, at: new Date('2026-04-30T22:00:00Z') }, { instanceId: A, sequence: 2, status: 'STOPPED' as const, at: new Date('2026-05-01T03:00:00Z') }];
    const april = { start: new Date('2026-04-01T00:00:00Z'), end: may.start };
    const later = new Date('2026-07-01T00:00:00Z');
    expect(runningMilliseconds(crossing, april, later).get(A)).toBe(2 * HOUR);
    expect(runningMilliseconds(crossing, may, later).get(A)).toBe(3 * HOUR);
    expect(runningMilliseconds(facts, may, later).size).toBe(0);
    // Running across the end of May: May counts up to its end, not to now.
    const open = [fact(A, 1, 'RUNNING', '31T22:00:00')];
    expect(runningMilliseconds(open, may, later).get(A)).toBe(2 * HOUR);
  });

  it('gives the same totals however often and in whatever order the changes arrive', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: history.length - 1 }), { maxLength: 60 }), fc.integer(), (extra, seed) => {
        const duplicated = [...history, ...extra.map((index) => ({ ...history[index]! }))];
        const shuffled = fc.sample(fc.shuffledSubarray(duplicated, { minLength: duplicated.length }), { seed, numRuns: 1 })[0]!;
        expect(runningMilliseconds(shuffled, may, now)).toEqual(new Map([[A, expectedA], [B, expectedB]]));
      }),
    );
  });

  it('stops counting while an instance is HIBERNATED and resumes when it is woken', () => {
    const hibernated = [
      fact(A, 1, 'RUNNING', '10T00:00:00'),
      fact(A, 2, 'STOPPING', '10T01:00:00'),
      fact(A, 3, 'HIBERNATED', '10T01:00:02'),
      fact(A, 4, 'STARTING', '10T05:00:00'),
      fact(A, 5, 'RUNNING', '10T05:00:03'),
    ];
    // 1 h before hibernation, then from the wake up to now.
    expect(runningMilliseconds(hibernated, may, t('10T06:00:03')).get(A)).toBe(2 * HOUR);
    expect(runningMilliseconds(hibernated.slice(0, 3), may, t('10T06:00:00')).get(A)).toBe(HOUR);
  });

  it('summarizes whole seconds per instance and bills whole hours rounded up', () => {
    const summary = summarizeUsage(new Map([[A, 3_600_999], [B, 1_000]]));
    expect(summary).toEqual({ instances: [{ instanceId: A, seconds: 3_600 }, { instanceId: B, seconds: 1 }], totalSeconds: 3_601, hours: 2 });
    expect(summarizeUsage(new Map()).hours).toBe(0);
  });
});
