import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '@saas/logger';
import { connectRedis, type RedisClient } from '@saas/redis';
import { DEV_SECRETS_KEY, parseSecretsKey } from '@saas/secrets';
import { deleteRedisPrefix } from '@saas/testing';
import { Account } from '../src/entities/account.entity';
import { AccountService } from '../src/services/account.service';
import type { AuthDeps } from '../src/services/auth-deps';
import { SigningKeyService } from '../src/services/signing-keys.service';
import { authDatabase } from './support/auth-database';
import { authTestDeps } from './support/auth-deps';

const logger = createLogger({ service: 'auth-test', level: 'silent' });
const PASSWORD = 'the owner knows this one';
const attackerIp = () => `198.51.100.${Math.floor(Math.random() * 250) + 1}`;

/** OWASP-style throttling: an attacker cannot lock the owner out, guessing from many IPs still stops. */
describe('log-in throttling per (address, client) and per account (PostgreSQL + Redis)', () => {
  let db: Awaited<ReturnType<typeof authDatabase>>;
  let redis: RedisClient;
  let mailDir: string;
  const prefix = `saas-it:${randomUUID()}:`;
  let defaults: AuthDeps;
  let tightAccount: AuthDeps;
  const closers: Array<() => void> = [];

  beforeAll(async () => {
    db = await authDatabase();
    redis = await connectRedis({ url: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', logger, name: 'auth-it' });
    mailDir = await mkdtemp(path.join(os.tmpdir(), 'auth-mail-'));
    await new SigningKeyService(db.em(), { secretsKey: parseSecretsKey(DEV_SECRETS_KEY), accessTokenTtlSeconds: 900, publishAheadSeconds: 10 }).ensureKey();
    defaults = await authTestDeps({ orm: db.orm, redis, prefix, mailDir });
    tightAccount = await authTestDeps({ orm: db.orm, redis, prefix: `${prefix}tight:`, mailDir, policy: { LOGIN_LIMIT_PER_EMAIL: 4 } });
    closers.push(() => defaults.mailer.close(), () => tightAccount.mailer.close());
  });

  afterAll(async () => {
    for (const close of closers) close();
    await deleteRedisPrefix(prefix);
    await redis?.quit();
    await db?.drop();
    await rm(mailDir, { recursive: true, force: true });
  });

  async function owner(deps: AuthDeps): Promise<Account> {
    const em = db.em();
    const email = `owner-${randomUUID()}@example.test`;
    const now = new Date();
    const account = em.create(Account, { id: randomUUID(), email, emailKey: email, passwordHash: await deps.hasher.hash(PASSWORD), staff: false, createdAt: now, updatedAt: now });
    await em.flush();
    return account;
  }

  const logIn = (deps: AuthDeps, email: string, password: string, ip: string) => new AccountService(db.em(), deps).logIn(email, password, ip);
  const failing = (deps: AuthDeps, email: string, ip: string) => logIn(deps, email, 'a wrong guess', ip).catch((error: unknown) => error);

  it('locks out only the client that failed ten times, not the owner elsewhere (defaults)', async () => {
    const account = await owner(defaults);
    const attacker = attackerIp();
    for (let attempt = 0; attempt < 10; attempt += 1) {
      expect(await failing(defaults, account.email, attacker)).toMatchObject({ code: 'UNAUTHENTICATED' });
    }
    // The attacker is locked out of this address, even with the right password...
    await expect(logIn(defaults, account.email, PASSWORD, attacker)).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    // ... but the owner, from their own address, is not.
    expect((await logIn(defaults, account.email, PASSWORD, '192.0.2.10')).user.id).toBe(account.id);
    // Nor is the attacker's IP locked out of other addresses.
    const other = await owner(defaults);
    expect((await logIn(defaults, other.email, PASSWORD, attacker)).user.id).toBe(other.id);
  });

  it('forgives a client its failures after its own success', async () => {
    const account = await owner(defaults);
    const ip = attackerIp();
    for (let attempt = 0; attempt < 9; attempt += 1) await failing(defaults, account.email, ip);
    await logIn(defaults, account.email, PASSWORD, ip);
    for (let attempt = 0; attempt < 9; attempt += 1) {
      expect(await failing(defaults, account.email, ip)).toMatchObject({ code: 'UNAUTHENTICATED' });
    }
    expect((await logIn(defaults, account.email, PASSWORD, ip)).user.id).toBe(account.id);
  });

  it('locks the whole account after the account-wide number of failures from many clients', async () => {
    const account = await owner(tightAccount);
    for (let attempt = 0; attempt < 4; attempt += 1) {
      expect(await failing(tightAccount, account.email, `203.0.113.${attempt + 1}`)).toMatchObject({ code: 'UNAUTHENTICATED' });
    }
    const locked = await logIn(tightAccount, account.email, PASSWORD, '192.0.2.20').catch((error: unknown) => error);
    expect(locked).toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    expect((locked as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(900);
  });

  it('counts only failures against the account: the owner logging in often is never locked', async () => {
    const account = await owner(tightAccount);
    for (let attempt = 0; attempt < 8; attempt += 1) {
      expect((await logIn(tightAccount, account.email, PASSWORD, '192.0.2.30')).user.id).toBe(account.id);
    }
  });
});
