import { trialOverSince } from './trial';

describe('trialOverSince', () => {
  const trialEndsAt = new Date('2026-05-16T00:00:00Z');
  const trial = { planCode: 'trial', status: 'TRIALING' as const, trialEndsAt };

  it('is null while the trial runs and the end instant once it ran out', () => {
    expect(trialOverSince(trial, new Date(trialEndsAt.getTime() - 1))).toBeNull();
    expect(trialOverSince(trial, trialEndsAt)).toEqual(trialEndsAt);
    expect(trialOverSince({ ...trial, status: 'PAST_DUE' }, new Date('2026-07-01T00:00:00Z'))).toEqual(trialEndsAt);
  });

  it('stays over once dunning made the subscription PAST_DUE, whatever instant is asked about', () => {
    expect(trialOverSince({ ...trial, status: 'PAST_DUE' }, new Date(trialEndsAt.getTime() - 86_400_000))).toEqual(trialEndsAt);
  });

  it('is null once the tenant left the trial or canceled', () => {
    const later = new Date('2026-07-01T00:00:00Z');
    expect(trialOverSince({ ...trial, planCode: 'starter', status: 'ACTIVE' }, later)).toBeNull();
    expect(trialOverSince({ ...trial, status: 'CANCELED' }, later)).toBeNull();
  });
});
