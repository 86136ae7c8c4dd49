import { decideRateLimit, type RateLimitRule } from '../src/domain/rate-limit';

const rule: RateLimitRule = { scope: 'login:email', limit: 5, windowSeconds: 900 };

describe('fixed-window rate limit decision', () => {
  it('allows up to the limit, counting this attempt', () => {
    expect(decideRateLimit(rule, 1, 900_000)).toEqual({ allowed: true });
    expect(decideRateLimit(rule, 5, 1)).toEqual({ allowed: true });
  });

  it('refuses past the limit until the window ends, rounded up to whole seconds', () => {
    expect(decideRateLimit(rule, 6, 899_001)).toEqual({ allowed: false, retryAfterSeconds: 900 });
    expect(decideRateLimit(rule, 60, 1_500)).toEqual({ allowed: false, retryAfterSeconds: 2 });
    expect(decideRateLimit(rule, 6, 1)).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it('never says "retry now" while refusing, even for a key without expiry', () => {
    expect(decideRateLimit(rule, 6, 0)).toEqual({ allowed: false, retryAfterSeconds: 900 });
    expect(decideRateLimit(rule, 6, -1)).toEqual({ allowed: false, retryAfterSeconds: 900 });
  });
});
