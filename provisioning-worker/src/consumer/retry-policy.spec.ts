import { ATTEMPT_HEADER, JOB_RETRY_DELAYS_MS } from '@saas/contracts';
import { attemptOf, decideFailure, describeDelay, MAX_ATTEMPTS, retryHeaders } from './retry-policy';

describe('retry policy', () => {
  it('allows one attempt more than there are retry delays', () => {
    expect(MAX_ATTEMPTS).toBe(JOB_RETRY_DELAYS_MS.length + 1);
  });

  it('reads the attempt from the worker header, defaulting to the first', () => {
    expect(attemptOf(undefined)).toBe(1);
    expect(attemptOf({})).toBe(1);
    expect(attemptOf({ [ATTEMPT_HEADER]: 3 })).toBe(3);
    expect(attemptOf({ [ATTEMPT_HEADER]: '2' })).toBe(2);
    expect(attemptOf({ [ATTEMPT_HEADER]: 'garbage' })).toBe(1);
    expect(attemptOf({ [ATTEMPT_HEADER]: 0 })).toBe(1);
    expect(attemptOf({ [ATTEMPT_HEADER]: 99 })).toBe(MAX_ATTEMPTS);
  });

  it('retries transient failures through the delay queue of the failed attempt', () => {
    JOB_RETRY_DELAYS_MS.forEach((delayMs, index) => {
      const attempt = index + 1;
      expect(decideFailure(attempt, false)).toEqual({
        action: 'retry',
        nextAttempt: attempt + 1,
        queue: `instance.jobs.retry.${attempt}`,
        delayMs,
      });
    });
  });

  it('gives up after the last attempt, and at once on permanent failures', () => {
    expect(decideFailure(MAX_ATTEMPTS, false)).toEqual({ action: 'fail' });
    expect(decideFailure(1, true)).toEqual({ action: 'fail' });
  });

  it('counts the attempt up in the republished headers and drops the broker bookkeeping', () => {
    const headers = retryHeaders({ traceparent: 't', 'x-death': [{ queue: 'x' }], 'x-first-death-queue': 'x', [ATTEMPT_HEADER]: 1 }, 2);
    expect(headers).toEqual({ traceparent: 't', [ATTEMPT_HEADER]: 2 });
  });

  it('describes delays for people', () => {
    expect(describeDelay(15_000)).toBe('15 s');
    expect(describeDelay(1_500)).toBe('1500 ms');
  });
});
