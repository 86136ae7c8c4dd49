import { randomUUID } from 'node:crypto';
import { createLogger } from '@saas/logger';
import type { MailMessage } from '@saas/mail';
import { connectRedis, type RedisClient } from '@saas/redis';
import { deleteRedisPrefix, queryDatabase } from '@saas/testing';
import { Account } from '../src/entities/account.entity';
import type { AuthDeps } from '../src/services/auth-deps';
import { PasswordResetMailer } from '../src/services/password-reset-mailer';
import { PasswordResetService } from '../src/services/password-reset.service';
import { authDatabase } from './support/auth-database';
import { authTestDeps } from './support/auth-deps';

const logger = createLogger({ service: 'auth-test', level: 'silent' });

/**
 * `requestPasswordReset` must not reveal, by what it does (and so by its timing), whether an
 * address has an account: it queues the request either way; the mailer does the rest later.
 */
describe('password reset requests: the same work for known and unknown addresses (PostgreSQL + Redis)', () => {
  let db: Awaited<ReturnType<typeof authDatabase>>;
  let redis: RedisClient;
  let deps: AuthDeps;
  let resetMailer: PasswordResetMailer;
  const prefix = `saas-it:${randomUUID()}:`;
  const sent: MailMessage[] = [];
  const statements: string[] = [];
  let wakes = 0;

  beforeAll(async () => {
    db = await authDatabase();
    redis = await connectRedis({ url: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', logger, name: 'auth-it' });
    const mailer = { send: async (message: MailMessage) => void sent.push(message), close: () => undefined };
    deps = await authTestDeps({ orm: db.orm, redis, prefix, mailDir: '/nonexistent', mailer, resetMailer: { wake: () => void (wakes += 1) } });
    resetMailer = new PasswordResetMailer(db.orm, deps);
    db.orm.config.set('onQuery', (sql: string) => {
      statements.push(sql);
      return sql;
    });
  });

  afterAll(async () => {
    await deleteRedisPrefix(prefix);
    await redis?.quit();
    await db?.drop();
  });

  async function account(): Promise<Account> {
    const em = db.em();
    const email = `known-${randomUUID()}@example.test`;
    const now = new Date();
    const created = em.create(Account, { id: randomUUID(), email, emailKey: email, passwordHash: 'unused', staff: false, createdAt: now, updatedAt: now });
    await em.flush();
    return created;
  }

  /** The SQL statements (placeholders, not values) and wake-ups of one request. */
  async function workOf(email: string): Promise<{ answer: boolean; statements: string[]; wakes: number }> {
    statements.length = 0;
    wakes = 0;
    const answer = await new PasswordResetService(db.em(), deps).request(email, '192.0.2.40');
    return { answer, statements: [...statements], wakes };
  }

  const tokensOf = (accountId: string) => queryDatabase(db.url, "select 1 from email_tokens where account_id = $1 and purpose = 'RESET_PASSWORD'", [accountId]);
  const queued = () => queryDatabase<{ email_key: string }>(db.url, 'select email_key from password_reset_requests order by id');

  it('queues the request and wakes the mailer, known or not, with the same statements and no account lookup', async () => {
    const known = await account();
    const unknown = `nobody-${randomUUID()}@example.test`;
    const forKnown = await workOf(known.email);
    const forUnknown = await workOf(unknown);

    expect(forKnown.answer).toBe(true);
    expect(forUnknown).toEqual(forKnown);
    expect(forKnown.wakes).toBe(1);
    expect(forKnown.statements).toHaveLength(1);
    expect(forKnown.statements[0]).toMatch(/^insert into "password_reset_requests"/);
    expect(await queued()).toEqual([{ email_key: known.emailKey }, { email_key: unknown }]);
    // Nothing depending on the account happened yet.
    expect(await tokensOf(known.id)).toHaveLength(0);
    expect(sent).toHaveLength(0);

    // The mailer: a link for the known address only, and the queue is empty.
    expect(await resetMailer.drainOnce()).toBe(2);
    expect(await tokensOf(known.id)).toHaveLength(1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(sent.map((mail) => mail.to)).toEqual([known.email]);
    expect(sent[0]?.text).toContain('https://app.example.test/reset-password?token=');
    expect(await queued()).toEqual([]);
    expect(await resetMailer.drainOnce()).toBe(0);
  });
});
