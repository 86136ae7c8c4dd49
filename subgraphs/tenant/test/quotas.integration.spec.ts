import { randomUUID } from 'node:crypto';
import { DomainError } from '@saas/errors';
import { createMailer, type Mailer } from '@saas/mail';
import { SmtpSink } from '@saas/testing';
import type { TenantQuotas } from '../src/domain/tenant-quotas';
import type { Caller } from '../src/services/audit-recorder';
import { PlatformCommitHooks } from '../src/services/commit-hooks';
import { InvitationService } from '../src/services/invitation.service';
import { TenantService } from '../src/services/tenant.service';
import { silentLogger, tenantDatabase } from './support/tenant-database';

type Database = Awaited<ReturnType<typeof tenantDatabase>>;

const caller = (userId: string): Caller => ({ userId, ip: '192.0.2.1' });
const viewerOf = (userId: string) => ({ userId, sessionId: randomUUID(), staff: false, accessToken: 'test-token', expiresAt: 0 });

async function refusalOf(work: Promise<unknown>): Promise<unknown> {
  try {
    await work;
    return 'ok';
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, details: error.details };
    throw error;
  }
}

/** Trial abuse and invitation mail floods (issue 14), against real PostgreSQL and SMTP. */
describe('tenant quotas (PostgreSQL, SMTP)', () => {
  let db: Database;
  let sink: SmtpSink;
  let mailer: Mailer;
  const quotas: TenantQuotas = { maxTenantsPerUser: 2, maxTrialsPerUser: 3, invitationsPerHour: 3 };

  const hooks = () => new PlatformCommitHooks(db.cache, { wake: () => undefined }, silentLogger);
  const tenants = () => new TenantService({ em: db.em(), hooks: hooks(), instances: { liveInstanceCount: async () => 0 }, quotas });
  const invitations = () =>
    new InvitationService({
      em: db.em(),
      hooks: hooks(),
      mailer,
      accounts: { emailOf: async () => 'nobody@example.test' },
      appUrl: 'https://app.example.test',
      logger: silentLogger,
      quotas,
    });
  const create = (owner: string) => tenants().create(caller(owner), { name: 'Acme', slug: `acme-${randomUUID().slice(0, 8)}` });

  beforeAll(async () => {
    db = await tenantDatabase();
    sink = await SmtpSink.start();
    mailer = createMailer({ smtpUrl: sink.url, from: 'no-reply@example.test', logger: silentLogger });
  });

  afterAll(async () => {
    mailer?.close();
    await sink?.stop();
    await db?.drop();
  });

  it('refuses a tenant beyond MAX_TENANTS_PER_USER with QUOTA_EXCEEDED, also when created at once', async () => {
    const owner = randomUUID();
    const outcomes = await Promise.all([1, 2, 3, 4].map(() => refusalOf(create(owner))));
    expect(outcomes.filter((outcome) => outcome === 'ok')).toHaveLength(2);
    expect(outcomes.filter((outcome) => outcome !== 'ok')).toEqual([
      { code: 'QUOTA_EXCEEDED', details: { limit: 'maxTenantsPerUser', value: 2 } },
      { code: 'QUOTA_EXCEEDED', details: { limit: 'maxTenantsPerUser', value: 2 } },
    ]);
    // Another user is not affected.
    expect(await refusalOf(create(randomUUID()))).toBe('ok');
  });

  it('refuses a tenant beyond MAX_TRIALS_PER_USER even after deleting earlier ones (a deletion gives no trial back)', async () => {
    const owner = randomUUID();
    for (let round = 0; round < 3; round += 1) {
      const tenant = await create(owner);
      await tenants().delete(caller(owner), viewerOf(owner), tenant.id);
    }
    expect(await refusalOf(create(owner))).toEqual({ code: 'QUOTA_EXCEEDED', details: { limit: 'maxTrialsPerUser', value: 3 } });
  });

  it('refuses the invitations of one tenant beyond INVITATIONS_PER_TENANT_PER_HOUR with TOO_MANY_REQUESTS, sending no mail for them', async () => {
    const owner = randomUUID();
    const tenant = await create(owner);
    const other = await create(randomUUID());
    const guests = Array.from({ length: 5 }, (_, i) => `guest-${i}-${randomUUID()}@example.test`);
    const outcomes: unknown[] = [];
    // As ten aliased inviteMember in one request: one after the other.
    for (const guest of guests) outcomes.push(await refusalOf(invitations().invite(caller(owner), tenant.id, guest, 'MEMBER')));
    expect(outcomes.slice(0, 3)).toEqual(['ok', 'ok', 'ok']);
    for (const refused of outcomes.slice(3)) {
      expect(refused).toEqual({ code: 'TOO_MANY_REQUESTS', details: { retryAfter: expect.any(Number) } });
      const { retryAfter } = (refused as { details: { retryAfter: number } }).details;
      expect(retryAfter).toBeGreaterThan(3000);
      expect(retryAfter).toBeLessThanOrEqual(3600);
    }
    // The mail of an invitation is sent before invite() returns: the refused ones sent none.
    for (const guest of guests.slice(0, 3)) await sink.waitForMailTo(guest);
    expect(guests.slice(3).map((guest) => sink.messages.filter((mail) => mail.to.includes(guest)).length)).toEqual([0, 0]);
    // The rate is per tenant.
    expect(await refusalOf(invitations().invite(caller(other.createdBy ?? ''), other.id, `guest-${randomUUID()}@example.test`, 'MEMBER'))).toBe('ok');
  });
});
