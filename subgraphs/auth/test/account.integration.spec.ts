import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '@saas/logger';
import { connectRedis, type RedisClient } from '@saas/redis';
import { DEV_SECRETS_KEY, parseSecretsKey } from '@saas/secrets';
import { deleteRedisPrefix, queryDatabase } from '@saas/testing';
import argon2 from 'argon2';
import { Account } from '../src/entities/account.entity';
import { AccountService } from '../src/services/account.service';
import type { AuthDeps } from '../src/services/auth-deps';
import { SigningKeyService } from '../src/services/signing-keys.service';
import { authDatabase } from './support/auth-database';
import { authTestDeps } from './support/auth-deps';

const logger = createLogger({ service: 'auth-test', level: 'silent' });

describe('accounts: log-in and sign-up rules (PostgreSQL + Redis)', () => {
  let db: Awaited<ReturnType<typeof authDatabase>>;
  let redis: RedisClient;
  let mailDir: string;
  let deps: AuthDeps;
  const prefix = `saas-it:${randomUUID()}:`;
  const accounts = () => new AccountService(db.em(), deps);

  beforeAll(async () => {
    db = await authDatabase();
    redis = await connectRedis({ url: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', logger, name: 'auth-it' });
    mailDir = await mkdtemp(path.join(os.tmpdir(), 'auth-mail-'));
    const secretsKey = parseSecretsKey(DEV_SECRETS_KEY);
    await new SigningKeyService(db.em(), { secretsKey, accessTokenTtlSeconds: 900, publishAheadSeconds: 10 }).ensureKey();
    deps = await authTestDeps({ orm: db.orm, redis, prefix, mailDir, policy: { LOGIN_LIMIT_PER_EMAIL_AND_IP: 100, SIGNUP_LIMIT_PER_IP: 100 } });
  });

  afterAll(async () => {
    deps?.mailer.close();
    await deleteRedisPrefix(prefix);
    await redis?.quit();
    await db?.drop();
    await rm(mailDir, { recursive: true, force: true });
  });

  async function accountWithHash(passwordHash: string): Promise<Account> {
    const em = db.em();
    const email = `${randomUUID()}@example.test`;
    const now = new Date();
    const account = em.create(Account, { id: randomUUID(), email, emailKey: email, passwordHash, staff: false, createdAt: now, updatedAt: now });
    await em.flush();
    return account;
  }

  it('rehashes at log-in a password hashed with older parameters', async () => {
    const password = 'an older hash, same password';
    const account = await accountWithHash(await argon2.hash(password, { type: argon2.argon2id, memoryCost: 4096, timeCost: 1, parallelism: 1 }));
    const payload = await accounts().logIn(account.email, password, '192.0.2.1');
    expect(payload.user.id).toBe(account.id);
    const [row] = await queryDatabase<{ password_hash: string }>(db.url, 'select password_hash from accounts where id = $1', [account.id]);
    expect(row?.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    expect((await accounts().logIn(account.email, password, '192.0.2.1')).user.id).toBe(account.id);
  });

  it('answers an unknown email exactly like a wrong password', async () => {
    const account = await accountWithHash(await deps.hasher.hash('the right password'));
    const wrongPassword = await accounts().logIn(account.email, 'the wrong password', '192.0.2.2').catch((error: unknown) => error);
    const unknownEmail = await accounts().logIn(`nobody-${randomUUID()}@example.test`, 'the right password', '192.0.2.2').catch((error: unknown) => error);
    expect(wrongPassword).toMatchObject({ code: 'UNAUTHENTICATED', message: 'Email or password is incorrect.' });
    expect(unknownEmail).toEqual(wrongPassword);
  });

  it('commits nothing when the profile cannot be stored', async () => {
    const email = `outage-${randomUUID()}@example.test`;
    await expect(accounts().signUp({ email, password: 'a perfectly fine password', displayName: 'Outage' }, '192.0.2.3')).rejects.toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
    });
    const rows = await queryDatabase(db.url, 'select 1 from accounts where email_key = $1', [email]);
    expect(rows).toHaveLength(0);
    expect(await queryDatabase(db.url, 'select 1 from sessions s left join accounts a on a.id = s.account_id where a.id is null')).toHaveLength(0);
  });
});
