import { createPublicKey } from 'node:crypto';
import type { Orm } from '@saas/db';
import { createLogger } from '@saas/logger';
import { DEV_SECRETS_KEY, parseSecretsKey } from '@saas/secrets';
import { queryDatabase } from '@saas/testing';
import jwt from 'jsonwebtoken';
import { SigningKey } from '../src/entities/signing-key.entity';
import { AccessTokenSigner } from '../src/services/access-token-signer';
import { runOnce } from '../src/services/housekeeping';
import { type SigningKeyPolicy, SigningKeyService } from '../src/services/signing-keys.service';
import { authDatabase } from './support/auth-database';

const policy: SigningKeyPolicy = { secretsKey: parseSecretsKey(DEV_SECRETS_KEY), accessTokenTtlSeconds: 900, publishAheadSeconds: 10 };
const at = (iso: string) => new Date(iso);

describe('signing keys (PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof authDatabase>>;
  let keys: () => SigningKeyService;

  beforeAll(async () => {
    db = await authDatabase();
    keys = () => new SigningKeyService(db.em(), policy);
  });

  afterAll(async () => {
    await db?.drop();
  });

  beforeEach(async () => {
    await db.em().getConnection().execute('delete from signing_keys');
  });

  it('creates exactly one key when replicas start together, active at once', async () => {
    await Promise.all([keys().ensureKey(), keys().ensureKey(), keys().ensureKey()]);
    const published = await keys().published();
    expect(published).toHaveLength(1);
    expect(published[0]?.activatesAt.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('keeps private keys encrypted at rest', async () => {
    await keys().ensureKey();
    const rows = await queryDatabase<{ private_key: string }>(db.url, 'select private_key from signing_keys');
    expect(rows[0]?.private_key).toMatch(/^v1\./);
    expect(rows[0]?.private_key).not.toContain('PRIVATE KEY');
  });

  it('publishes a rotated key ahead of signing and the old one until its tokens expired', async () => {
    await keys().ensureKey(at('2026-01-01T00:00:00Z'));
    const [old] = await keys().published(at('2026-01-01T00:00:00Z'));
    const next = await keys().rotate(at('2026-01-02T00:00:00Z'));
    expect(next.activatesAt).toEqual(at('2026-01-02T00:00:10Z'));

    const kids = async (when: string) => (await keys().published(at(when))).map((key) => key.kid);
    expect(await kids('2026-01-02T00:00:01Z')).toEqual([old?.kid, next.kid]);
    // Retired at 00:00:10; its last tokens expire 15 min later (+1 min skew).
    expect(await kids('2026-01-02T00:16:09Z')).toEqual([old?.kid, next.kid]);
    expect(await kids('2026-01-02T00:16:11Z')).toEqual([next.kid]);

    expect(await keys().pruneRetired(at('2026-01-02T00:16:09Z'))).toBe(0);
    expect(await keys().pruneRetired(at('2026-01-02T00:16:11Z'))).toBe(1);
    const jwks = await keys().jwks(at('2026-01-02T00:16:11Z'));
    expect(jwks.keys).toEqual([next.publicJwk]);
  });

  it('rotates by age only when the newest key is old enough', async () => {
    await keys().ensureKey(at('2026-01-01T00:00:00Z'));
    expect(await keys().rotateIfOlderThan(86_400, at('2026-01-01T12:00:00Z'))).toBe(false);
    const results = await Promise.all([
      keys().rotateIfOlderThan(86_400, at('2026-01-02T00:00:01Z')),
      keys().rotateIfOlderThan(86_400, at('2026-01-02T00:00:01Z')),
    ]);
    expect(results.sort()).toEqual([false, true]);
    expect(await keys().published(at('2026-01-02T00:00:02Z'))).toHaveLength(2);
  });

  it('housekeeping rotates by age, then deletes the retired key once its tokens expired', async () => {
    const config = { orm: db.orm, keys: policy, rotateAfterSeconds: 30 * 86_400, logger: createLogger({ service: 'auth-test', level: 'silent' }) };
    await keys().ensureKey(at('2026-01-01T00:00:00Z'));
    await runOnce(config, at('2026-01-20T00:00:00Z'));
    expect(await keys().published(at('2026-01-20T00:00:00Z'))).toHaveLength(1);
    await runOnce(config, at('2026-01-31T00:00:01Z'));
    expect(await keys().published(at('2026-01-31T00:00:02Z'))).toHaveLength(2);
    await runOnce(config, at('2026-01-31T01:00:00Z'));
    const remaining = await db.em().find(SigningKey, {});
    expect(remaining).toHaveLength(1);
    expect(remaining[0]?.createdAt).toEqual(at('2026-01-31T00:00:01Z'));
  });

  it('signs with the active key, and switches when the next one activates', async () => {
    const orm: Orm = db.orm;
    const t0 = new Date(Date.now() - 60_000);
    await keys().ensureKey(t0);
    const signer = new AccessTokenSigner(orm, policy.secretsKey, { issuer: 'iss', audience: 'aud', ttlSeconds: 900 });
    const subject = { userId: '6f1c0c0e-3c1a-4f7e-9a51-2c7b8d0e1f23', sessionId: '0d9e7a52-5b0e-4a43-8f5b-8b6f6f2f3c11', staff: false };
    const first = await signer.sign(subject);
    const [current] = await keys().published();
    expect(first.kid).toBe(current?.kid);
    const publicKey = createPublicKey({ key: { ...current?.publicJwk }, format: 'jwk' });
    expect(jwt.verify(first.token, publicKey, { algorithms: ['ES256'], issuer: 'iss', audience: 'aud' })).toMatchObject({ sub: subject.userId });

    const next = await keys().rotate();
    expect((await signer.sign(subject)).kid).toBe(current?.kid);
    const later = new Date(next.activatesAt.getTime() + 1);
    expect((await signer.sign(subject, later)).kid).toBe(next.kid);
  });
});
