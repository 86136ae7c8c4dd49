import { randomUUID } from 'node:crypto';
import { RedisRevocationList } from '@saas/auth';
import { createLogger } from '@saas/logger';
import { connectRedis, type RedisClient, redisKeys } from '@saas/redis';
import { DEV_SECRETS_KEY, parseSecretsKey } from '@saas/secrets';
import { deleteRedisPrefix, queryDatabase } from '@saas/testing';
import { Account } from '../src/entities/account.entity';
import { AccessTokenSigner } from '../src/services/access-token-signer';
import { authPolicyFrom } from '../src/services/auth-policy';
import type { AuthEnvironment } from '../src/environment';
import { SessionService } from '../src/services/session.service';
import { SigningKeyService } from '../src/services/signing-keys.service';
import { authDatabase } from './support/auth-database';

const logger = createLogger({ service: 'auth-test', level: 'silent' });
const policy = authPolicyFrom({
  ACCESS_TOKEN_TTL_SECONDS: 900,
  REFRESH_TOKEN_TTL_SECONDS: 3600,
  LOGIN_LIMIT_PER_EMAIL: 10,
  LOGIN_LIMIT_PER_IP: 100,
  LOGIN_LIMIT_WINDOW_SECONDS: 900,
  RESET_LIMIT_PER_EMAIL: 5,
  RESET_LIMIT_PER_IP: 20,
  RESET_LIMIT_WINDOW_SECONDS: 3600,
  SIGNUP_LIMIT_PER_IP: 30,
  SIGNUP_LIMIT_WINDOW_SECONDS: 3600,
} as AuthEnvironment);

describe('sessions: refresh rotation and reuse detection (PostgreSQL + Redis)', () => {
  let db: Awaited<ReturnType<typeof authDatabase>>;
  let redis: RedisClient;
  const prefix = `saas-it:${randomUUID()}:`;
  let sessions: () => SessionService;
  let revocations: RedisRevocationList;

  beforeAll(async () => {
    db = await authDatabase();
    redis = await connectRedis({ url: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', logger, name: 'auth-it' });
    const secretsKey = parseSecretsKey(DEV_SECRETS_KEY);
    await new SigningKeyService(db.em(), { secretsKey, accessTokenTtlSeconds: 900, publishAheadSeconds: 10 }).ensureKey();
    const signer = new AccessTokenSigner(db.orm, secretsKey, { issuer: 'iss', audience: 'aud', ttlSeconds: 900 });
    revocations = new RedisRevocationList(redis, redisKeys(prefix));
    // The deny-list as the auth subgraph leaves it after loading (nothing revoked yet).
    await revocations.restore([]);
    sessions = () => new SessionService(db.em(), { policy, signer, revocations, logger });
  });

  afterAll(async () => {
    await deleteRedisPrefix(prefix);
    await redis?.quit();
    await db?.drop();
  });

  async function openSession() {
    const em = db.em();
    const now = new Date();
    const account = em.create(Account, {
      id: randomUUID(),
      email: `${randomUUID()}@example.test`,
      emailKey: `${randomUUID()}@example.test`,
      passwordHash: 'not-a-real-hash',
      staff: false,
      createdAt: now,
      updatedAt: now,
    });
    const opened = sessions().open(em, account.id);
    await em.flush();
    return { account, ...opened };
  }

  it('stores refresh tokens only as SHA-256 hashes', async () => {
    const { refreshToken, session } = await openSession();
    const rows = await queryDatabase<{ token_hash: string }>(db.url, 'select token_hash from refresh_tokens where session_id = $1', [session.id]);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0]?.token_hash).not.toContain(refreshToken);
  });

  it('lets exactly one of two concurrent uses of a token through, and then revokes the family', async () => {
    const { refreshToken, session } = await openSession();
    const results = await Promise.allSettled([sessions().refresh(refreshToken), sessions().refresh(refreshToken)]);
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    const winner = results.find((result) => result.status === 'fulfilled');
    if (winner?.status !== 'fulfilled') throw new Error('no winner');
    // The second use was a reuse: the session and the winner's new token are dead.
    await expect(sessions().refresh(winner.value.refreshToken)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await revocations.isRevoked(session.id)).toBe(true);
    const [row] = await queryDatabase<{ revoke_reason: string }>(db.url, 'select revoke_reason from sessions where id = $1', [session.id]);
    expect(row?.revoke_reason).toBe('REFRESH_TOKEN_REUSED');
  });

  it('refuses an expired refresh token without revoking anything', async () => {
    const { refreshToken, session } = await openSession();
    await queryDatabase(db.url, "update refresh_tokens set expires_at = now() - interval '1 second' where session_id = $1", [session.id]);
    await expect(sessions().refresh(refreshToken)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await revocations.isRevoked(session.id)).toBe(false);
  });

  it('revokes the other sessions of an account and puts them on the deny-list with the token lifetime', async () => {
    const first = await openSession();
    const em = db.em();
    const second = sessions().open(em, first.account.id);
    await em.flush();
    await sessions().revokeAccount(first.account.id, 'PASSWORD_CHANGED', first.session.id);
    expect(await revocations.isRevoked(first.session.id)).toBe(false);
    expect(await revocations.isRevoked(second.session.id)).toBe(true);
    const ttl = await redis.ttl(redisKeys(prefix).revokedSession(second.session.id));
    expect(ttl).toBeGreaterThan(900);
    expect(ttl).toBeLessThanOrEqual(960);
  });
});
