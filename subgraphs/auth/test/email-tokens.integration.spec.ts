import { randomUUID } from 'node:crypto';
import { queryDatabase } from '@saas/testing';
import { Account } from '../src/entities/account.entity';
import { EmailTokenService } from '../src/services/email-token.service';
import { authDatabase } from './support/auth-database';

describe('email tokens: single use, expiry, purpose (PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof authDatabase>>;

  beforeAll(async () => {
    db = await authDatabase();
  });

  afterAll(async () => {
    await db?.drop();
  });

  async function account(): Promise<Account> {
    const em = db.em();
    const email = `${randomUUID()}@example.test`;
    const now = new Date();
    const created = em.create(Account, { id: randomUUID(), email, emailKey: email, passwordHash: 'x', staff: false, createdAt: now, updatedAt: now });
    await em.flush();
    return created;
  }

  const consume = (token: string, purpose: 'VERIFY_EMAIL' | 'RESET_PASSWORD', now?: Date) =>
    db.em().transactional((em) => new EmailTokenService(em).consume(em, token, purpose, now));

  it('stores only the hash, and a token works once', async () => {
    const owner = await account();
    const token = await new EmailTokenService(db.em()).issueNow(owner, 'RESET_PASSWORD', 3600);
    const rows = await queryDatabase<{ token_hash: string }>(db.url, 'select token_hash from email_tokens where account_id = $1', [owner.id]);
    expect(rows.map((row) => row.token_hash)).toEqual([expect.stringMatching(/^[0-9a-f]{64}$/)]);
    expect(rows[0]?.token_hash).not.toBe(token);
    await expect(consume(token, 'RESET_PASSWORD')).resolves.toMatchObject({ accountId: owner.id, email: owner.email });
    await expect(consume(token, 'RESET_PASSWORD')).rejects.toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'token', reason: 'INVALID_TOKEN' } });
  });

  it('expires: a reset link lasts one hour', async () => {
    const owner = await account();
    const token = await new EmailTokenService(db.em()).issueNow(owner, 'RESET_PASSWORD', 3600);
    await expect(consume(token, 'RESET_PASSWORD', new Date(Date.now() + 3601_000))).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(consume(token, 'RESET_PASSWORD', new Date(Date.now() + 3500_000))).resolves.toMatchObject({ accountId: owner.id });
  });

  it('is good for its own purpose only', async () => {
    const owner = await account();
    const token = await new EmailTokenService(db.em()).issueNow(owner, 'VERIFY_EMAIL', 86_400);
    await expect(consume(token, 'RESET_PASSWORD')).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(consume(token, 'VERIFY_EMAIL')).resolves.toMatchObject({ purpose: 'VERIFY_EMAIL' });
  });

  it('voids the open links of an account for one purpose', async () => {
    const owner = await account();
    const service = new EmailTokenService(db.em());
    const reset = await service.issueNow(owner, 'RESET_PASSWORD', 3600);
    const verify = await service.issueNow(owner, 'VERIFY_EMAIL', 86_400);
    await db.em().transactional((em) => new EmailTokenService(em).voidOpen(em, owner.id, 'RESET_PASSWORD'));
    await expect(consume(reset, 'RESET_PASSWORD')).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(consume(verify, 'VERIFY_EMAIL')).resolves.toMatchObject({ accountId: owner.id });
  });
});
