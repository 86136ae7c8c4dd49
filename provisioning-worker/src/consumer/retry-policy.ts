import { ATTEMPT_HEADER, JOB_RETRY_DELAYS_MS, retryQueue } from '@saas/contracts';

/** First attempt plus one per retry delay. */
export const MAX_ATTEMPTS = JOB_RETRY_DELAYS_MS.length + 1;

/**
 * The attempt a delivery is: the worker's own header, so the policy does not depend on the
 * broker's delivery count (RabbitMQ 3.10 here). Missing or garbled means the first.
 */
export function attemptOf(headers: Record<string, unknown> | undefined): number {
  const value = Number(headers?.[ATTEMPT_HEADER]);
  return Number.isInteger(value) && value >= 1 ? Math.min(value, MAX_ATTEMPTS) : 1;
}

export type FailureDecision =
  | { action: 'retry'; nextAttempt: number; queue: string; delayMs: number }
  | { action: 'fail' };

/** After a failed attempt: retry through the delay queue of this attempt, or give up. */
export function decideFailure(attempt: number, permanent: boolean): FailureDecision {
  if (permanent || attempt >= MAX_ATTEMPTS) return { action: 'fail' };
  const delayMs = JOB_RETRY_DELAYS_MS[attempt - 1] ?? JOB_RETRY_DELAYS_MS[JOB_RETRY_DELAYS_MS.length - 1];
  return { action: 'retry', nextAttempt: attempt + 1, queue: retryQueue(attempt), delayMs };
}

/** Headers of a republished job: the attempt counted up, the broker's bookkeeping dropped. */
export function retryHeaders(headers: Record<string, unknown> | undefined, nextAttempt: number): Record<string, unknown> {
  const { 'x-death': _death, 'x-first-death-exchange': _e, 'x-first-death-queue': _q, 'x-first-death-reason': _r, ...rest } = headers ?? {};
  return { ...rest, [ATTEMPT_HEADER]: nextAttempt };
}

export function describeDelay(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
