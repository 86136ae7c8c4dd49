import { createHash } from 'node:crypto';
import { TooManyRequestsError } from '@saas/errors';
import type { RedisClient, RedisKeys } from '@saas/redis';
import { decideRateLimit, type RateLimitRule } from '../domain/rate-limit';

const REFUND_SCRIPT = "if redis.call('exists', KEYS[1]) == 1 then return redis.call('decr', KEYS[1]) end return 0";

/**
 * Counts attempts in Redis, shared by every auth replica. Each attempt is counted before it
 * is checked, so concurrent attempts cannot slip past the limit together.
 */
export class RateLimiter {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}

  /** Counts one attempt of every rule; throws TOO_MANY_REQUESTS if any is over its limit. */
  async consume(attempts: ReadonlyArray<{ rule: RateLimitRule; subject: string }>): Promise<void> {
    let retryAfter = 0;
    for (const { rule, subject } of attempts) {
      const key = this.key(rule, subject);
      const [count, , remainingMs] = (await this.redis
        .multi()
        .incr(key)
        .expire(key, rule.windowSeconds, 'NX')
        .pTTL(key)
        .exec()) as unknown as [number, number, number];
      const decision = decideRateLimit(rule, Number(count), Number(remainingMs));
      if (!decision.allowed) retryAfter = Math.max(retryAfter, decision.retryAfterSeconds);
    }
    if (retryAfter > 0) throw new TooManyRequestsError(retryAfter);
  }

  /** Forgets a subject's attempts (a successful log-in clears its client's failures). */
  async reset(rule: RateLimitRule, subject: string): Promise<void> {
    await this.redis.del(this.key(rule, subject));
  }

  /**
   * Takes back one counted attempt (a success, so only failures stay counted). A window that
   * ended meanwhile is left alone rather than started below zero.
   */
  async refund(rule: RateLimitRule, subject: string): Promise<void> {
    await this.redis.eval(REFUND_SCRIPT, { keys: [this.key(rule, subject)] });
  }

  // Subjects are hashed so Redis keys never carry email addresses.
  private key(rule: RateLimitRule, subject: string): string {
    return this.keys.rateLimit(rule.scope, createHash('sha256').update(subject).digest('base64url').slice(0, 32));
  }
}
