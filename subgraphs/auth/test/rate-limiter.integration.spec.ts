import { randomUUID } from 'node:crypto';
import { TooManyRequestsError } from '@saas/errors';
import { createLogger } from '@saas/logger';
import { connectRedis, type RedisClient, redisKeys } from '@saas/redis';
import { deleteRedisPrefix } from '@saas/testing';
import type { RateLimitRule } from '../src/domain/rate-limit';
import { RateLimiter } from '../src/services/rate-limiter';

describe('rate limiter (Redis)', () => {
  const prefix = `saas-it:${randomUUID()}:`;
  let redis: RedisClient;
  let limiter: RateLimiter;
  const rule: RateLimitRule = { scope: 'login:email', limit: 3, windowSeconds: 60 };
  const ipRule: RateLimitRule = { scope: 'login:ip', limit: 100, windowSeconds: 60 };

  beforeAll(async () => {
    redis = await connectRedis({ url: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', logger: createLogger({ service: 't', level: 'silent' }), name: 'rl-it' });
    limiter = new RateLimiter(redis, redisKeys(prefix));
  });

  afterAll(async () => {
    await deleteRedisPrefix(prefix);
    await redis?.quit();
  });

  it('allows the limit, even concurrently, then refuses with the window remaining as retryAfter', async () => {
    const subject = `${randomUUID()}@example.test`;
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => limiter.consume([{ rule, subject }])));
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(3);
    const refused = results.find((result) => result.status === 'rejected');
    expect(refused?.status === 'rejected' && refused.reason).toBeInstanceOf(TooManyRequestsError);
    const error = (refused as PromiseRejectedResult).reason as TooManyRequestsError;
    expect(error.retryAfterSeconds).toBeGreaterThan(0);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(error.details).toEqual({ retryAfter: error.retryAfterSeconds });
  });

  it('refuses when any rule of the attempt is over its limit, and counts every rule', async () => {
    const subject = `${randomUUID()}@example.test`;
    const ip = `203.0.113.${Math.floor(Math.random() * 250)}`;
    for (let i = 0; i < 3; i += 1) await limiter.consume([{ rule, subject }, { rule: ipRule, subject: ip }]);
    await expect(limiter.consume([{ rule, subject }, { rule: ipRule, subject: ip }])).rejects.toBeInstanceOf(TooManyRequestsError);
    await limiter.reset(rule, subject);
    await expect(limiter.consume([{ rule, subject }])).resolves.toBeUndefined();
  });

  it('keeps addresses out of Redis key names', async () => {
    const subject = `secret-${randomUUID()}@example.test`;
    await limiter.consume([{ rule, subject }]);
    const names: string[] = [];
    for await (const keys of redis.scanIterator({ MATCH: `${prefix}*` })) names.push(...keys);
    expect(names.length).toBeGreaterThan(0);
    expect(names.join(' ')).not.toContain('secret-');
  });
});
