import { randomUUID } from 'node:crypto';
import { RedisRevocationList } from '@saas/auth';
import { createLogger } from '@saas/logger';
import { connectRedis, type RedisClient, redisKeys } from '@saas/redis';
import { deleteRedisPrefix, queryDatabase } from '@saas/testing';
import { Account } from '../src/entities/account.entity';
import { Session } from '../src/entities/session.entity';
import { RevocationSync } from '../src/services/revocation-sync';
import { authDatabase } from './support/auth-database';

const logger = createLogger({ service: 'auth-test', level: 'silent' });
const TTL = 900;

describe('revocation sync: the Redis deny-list rebuilt from the sessions table (PostgreSQL + Redis)', () => {
  let db: Awaited<ReturnType<typeof authDatabase>>;
  let redis: RedisClient;
  const prefix = `saas-it:${randomUUID()}:`;
  const keys = redisKeys(prefix);
  let revocations: RedisRevocationList;
  let sync: RevocationSync;

  beforeAll(async () => {
    db = await authDatabase();
    redis = await connectRedis({ url: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', logger, name: 'auth-it' });
    revocations = new RedisRevocationList(redis, keys);
    sync = new RevocationSync({ orm: db.orm, redis, revocations, accessTokenTtlSeconds: TTL, logger, checkIntervalMs: 3_600_000 });
  });

  afterAll(async () => {
    await sync?.stop();
    await deleteRedisPrefix(prefix);
    await redis?.quit();
    await db?.drop();
  });

  /** A session row revoked `secondsAgo` ago (null: live). */
  async function session(revokedSecondsAgo: number | null): Promise<string> {
    const em = db.em();
    const now = Date.now();
    const account = em.create(Account, {
      id: randomUUID(),
      email: `${randomUUID()}@example.test`,
      emailKey: `${randomUUID()}@example.test`,
      passwordHash: 'not-a-real-hash',
      staff: false,
      createdAt: new Date(now),
      updatedAt: new Date(now),
    });
    const row = em.create(Session, {
      id: randomUUID(),
      accountId: account.id,
      createdAt: new Date(now - 3_600_000),
      lastRefreshedAt: new Date(now - 3_600_000),
      expiresAt: new Date(now + 3_600_000),
      revokedAt: revokedSecondsAgo === null ? null : new Date(now - revokedSecondsAgo * 1000),
      revokeReason: revokedSecondsAgo === null ? null : 'LOGOUT',
    });
    await em.flush();
    return row.id;
  }

  it('answers unknown, and refuses with SERVICE_UNAVAILABLE, while the list was never loaded', async () => {
    const id = await session(null);
    expect(await revocations.status(id)).toBe('unknown');
    await expect(revocations.isRevoked(id)).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
  });

  it('reloads every session revoked within one token lifetime plus skew after Redis lost everything', async () => {
    const recent = await session(10);
    const old = await session(TTL + 120);
    const live = await session(null);
    await sync.start();
    expect(await revocations.isRevoked(recent)).toBe(true);
    expect(await revocations.isRevoked(old)).toBe(false);
    expect(await revocations.isRevoked(live)).toBe(false);

    // Redis restarted empty: nothing can be told apart until the next check.
    await deleteRedisPrefix(prefix);
    await expect(revocations.isRevoked(recent)).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    await expect(revocations.isRevoked(live)).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    await sync.check();
    expect(await revocations.isRevoked(recent)).toBe(true);
    expect(await revocations.isRevoked(live)).toBe(false);
    // Denied for the rest of its deny time only.
    const ttl = await redis.ttl(keys.revokedSession(recent));
    expect(ttl).toBeGreaterThan(TTL + 60 - 10 - 5);
    expect(ttl).toBeLessThanOrEqual(TTL + 60 - 10 + 1);
  });

  it('reloads at the next check when a revocation could not be written, even with the sentinel present', async () => {
    const failing = new RevocationSync({
      orm: db.orm,
      redis,
      revocations: Object.assign(Object.create(revocations) as RedisRevocationList, {
        revoke: () => Promise.reject(new Error('redis went away')),
      }),
      accessTokenTtlSeconds: TTL,
      logger,
    });
    const id = await session(null);
    await queryDatabase(db.url, "update sessions set revoked_at = now(), revoke_reason = 'LOGOUT' where id = $1", [id]);
    await expect(failing.revoke([id], TTL + 60)).rejects.toThrow('redis went away');
    expect(await revocations.isRevoked(id)).toBe(false);
    await failing.check();
    expect(await revocations.isRevoked(id)).toBe(true);
  });
});
