import type { EdgeActivity } from '@saas/contracts';
import { type HibernationCandidate, idleSince, isIdleEnoughToHibernate } from './hibernation';

const at = (iso: string) => new Date(iso);
const candidate = (overrides: Partial<HibernationCandidate> = {}): HibernationCandidate => ({
  id: 'i-1',
  hibernateAfterMinutes: 30,
  hibernationDisabled: false,
  updatedAt: at('2026-12-03T10:00:00Z'),
  ...overrides,
});
const activity = (lastRequestAt: Record<string, string> = {}, since = '2026-12-03T09:00:00Z'): EdgeActivity => ({ since, lastRequestAt });

describe('idleSince', () => {
  it('counts from the last request the edge saw', () => {
    expect(idleSince(candidate(), activity({ 'i-1': '2026-12-03T10:10:00Z' }))).toEqual(at('2026-12-03T10:10:00Z'));
  });

  it('counts from the instance last change when that is later (just started: not idle yet)', () => {
    expect(idleSince(candidate({ updatedAt: at('2026-12-03T11:00:00Z') }), activity({ 'i-1': '2026-12-03T10:10:00Z' }))).toEqual(at('2026-12-03T11:00:00Z'));
  });

  it('counts from when the edge began counting when it saw no request (an edge restart forgets nothing it never knew)', () => {
    expect(idleSince(candidate(), activity({}, '2026-12-03T10:30:00Z'))).toEqual(at('2026-12-03T10:30:00Z'));
  });

  it('is null without edge activity, for a plan that never hibernates, or for an instance that opted out', () => {
    expect(idleSince(candidate(), undefined)).toBeNull();
    expect(idleSince(candidate({ hibernateAfterMinutes: null }), activity())).toBeNull();
    expect(idleSince(candidate({ hibernationDisabled: true }), activity())).toBeNull();
  });
});

describe('isIdleEnoughToHibernate', () => {
  const seen = activity({ 'i-1': '2026-12-03T10:10:00Z' });

  it('is true once the plan idle time has passed since the last request, not before', () => {
    expect(isIdleEnoughToHibernate(candidate(), seen, at('2026-12-03T10:39:59Z'))).toBe(false);
    expect(isIdleEnoughToHibernate(candidate(), seen, at('2026-12-03T10:40:00Z'))).toBe(true);
  });

  it('is false for an opted-out instance however long it idles', () => {
    expect(isIdleEnoughToHibernate(candidate({ hibernationDisabled: true }), seen, at('2026-12-04T10:00:00Z'))).toBe(false);
  });
});
