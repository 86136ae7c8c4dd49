import { randomUUID } from 'node:crypto';
import type { Viewer } from '@saas/auth';
import { DomainError } from '@saas/errors';
import { createMailer, type Mailer } from '@saas/mail';
import { queryDatabase, SmtpSink } from '@saas/testing';
import { DEFAULT_TENANT_QUOTAS } from '../src/domain/tenant-quotas';
import { AuditLogService } from '../src/services/audit-log.service';
import type { Caller } from '../src/services/audit-recorder';
import { PlatformCommitHooks } from '../src/services/commit-hooks';
import { InvitationService } from '../src/services/invitation.service';
import { MemberService } from '../src/services/member.service';
import { TenantService } from '../src/services/tenant.service';
import { silentLogger, tenantDatabase } from './support/tenant-database';

type Database = Awaited<ReturnType<typeof tenantDatabase>>;

const viewerOf = (userId: string): Viewer => ({ userId, sessionId: randomUUID(), staff: false, accessToken: 'test-token', expiresAt: 0 });
const caller = (userId: string): Caller => ({ userId, ip: '192.0.2.1' });
const refusalOf = async (work: Promise<unknown>) => {
  try {
    await work;
    return 'ok';
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, details: error.details };
    throw error;
  }
};
const codeOf = async (work: Promise<unknown>) => {
  try {
    await work;
    return 'ok';
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
};

/**
 * The services against real PostgreSQL, Redis and SMTP. The other subgraphs (auth for the
 * viewer's email, instance for instance counts) are stood in for; e2e uses the real ones.
 */
describe('tenant services (PostgreSQL, Redis, SMTP)', () => {
  let db: Database;
  let sink: SmtpSink;
  let mailer: Mailer;
  const emails = new Map<string, string>();
  let wakes = 0;

  const hooks = () => new PlatformCommitHooks(db.cache, { wake: () => void (wakes += 1) }, silentLogger);
  const tenants = () => new TenantService({ em: db.em(), hooks: hooks(), instances: { liveInstanceCount: async () => 0 }, quotas: DEFAULT_TENANT_QUOTAS });
  const members = () => new MemberService({ em: db.em(), hooks: hooks() });
  const invitations = (withMailer = mailer) =>
    new InvitationService({
      em: db.em(),
      hooks: hooks(),
      mailer: withMailer,
      accounts: { emailOf: async (viewer) => emails.get(viewer.userId) ?? 'nobody@example.test' },
      appUrl: 'https://app.example.test',
      logger: silentLogger,
      quotas: DEFAULT_TENANT_QUOTAS,
    });
  const newTenant = (owner: string) => tenants().create(caller(owner), { name: 'Acme', slug: `acme-${randomUUID().slice(0, 8)}` });
  const usedMails = new Set<unknown>();
  const tokenFor = async (email: string) => {
    const mail = await sink.waitFor((m) => m.to.includes(email) && !usedMails.has(m));
    usedMails.add(mail);
    return /token=([A-Za-z0-9_-]+)/.exec(mail.text)?.[1] ?? '';
  };
  const join = async (tenantId: string, inviter: string, role: 'OWNER' | 'ADMIN' | 'MEMBER') => {
    const userId = randomUUID();
    const email = `${userId}@example.test`;
    emails.set(userId, email);
    await invitations().invite(caller(inviter), tenantId, email, role);
    await invitations().accept(caller(userId), viewerOf(userId), await tokenFor(email));
    return userId;
  };

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

  it('creates a tenant with its OWNER, audit entry and outbox event in one transaction, then invalidates', async () => {
    const owner = randomUUID();
    const wakesBefore = wakes;
    const tenant = await newTenant(owner);
    const [row] = await queryDatabase<{ role: string }>(db.url, 'select role from memberships where tenant_id = $1 and user_id = $2', [tenant.id, owner]);
    expect(row?.role).toBe('OWNER');
    const outbox = await queryDatabase<{ routing_key: string; payload: { type: string; ownerUserId: string } }>(
      db.url,
      "select routing_key, payload from outbox_messages where payload->>'tenantId' = $1",
      [tenant.id],
    );
    expect(outbox).toEqual([{ routing_key: 'tenant.created', payload: expect.objectContaining({ type: 'created', ownerUserId: owner }) }]);
    const audit = await queryDatabase(db.url, 'select action, actor_user_id, ip, source from audit_entries where tenant_id = $1', [tenant.id]);
    expect(audit).toEqual([{ action: 'tenant.create', actor_user_id: owner, ip: '192.0.2.1', source: 'tenant' }]);
    expect(wakes).toBe(wakesBefore + 1);
    expect(await db.redis.get(db.keys.membershipsVersion(tenant.id))).toBe('1');
  });

  it('never leaves a tenant without OWNER under concurrent demotions and removals', async () => {
    for (let round = 0; round < 5; round += 1) {
      const first = randomUUID();
      const tenant = await newTenant(first);
      const second = await join(tenant.id, first, 'OWNER');
      const outcomes = await Promise.all([
        codeOf(members().changeRole(caller(first), tenant.id, second, 'MEMBER')),
        codeOf(members().changeRole(caller(second), tenant.id, first, 'MEMBER')),
        codeOf(members().remove(caller(first), tenant.id, second)),
        codeOf(members().leave(caller(second), tenant.id)),
      ]);
      const [owners] = await queryDatabase<{ count: string }>(db.url, "select count(*) from memberships where tenant_id = $1 and role = 'OWNER'", [tenant.id]);
      expect({ round, owners: Number(owners?.count) }).toEqual({ round, owners: 1 });
      expect(outcomes).toContain('ok');
    }
  });

  it('lets an invitation be accepted once, even by concurrent requests', async () => {
    const owner = randomUUID();
    const tenant = await newTenant(owner);
    const invitee = randomUUID();
    emails.set(invitee, `${invitee}@example.test`);
    await invitations().invite(caller(owner), tenant.id, `${invitee}@EXAMPLE.test`, 'MEMBER');
    const token = await tokenFor(`${invitee}@example.test`);
    const outcomes = await Promise.all([1, 2, 3].map(() => codeOf(invitations().accept(caller(invitee), viewerOf(invitee), token))));
    expect(outcomes.sort()).toEqual(['CONFLICT', 'CONFLICT', 'ok']);
    const stranger = randomUUID();
    emails.set(stranger, `${stranger}@example.test`);
    expect(await codeOf(invitations().accept(caller(stranger), viewerOf(stranger), token))).toBe('CONFLICT');
  });

  it('refuses an invitation past its expiry date, and leaves it pending (shown EXPIRED)', async () => {
    const owner = randomUUID();
    const tenant = await newTenant(owner);
    const invitee = randomUUID();
    emails.set(invitee, `${invitee}@example.test`);
    const invitation = await invitations().invite(caller(owner), tenant.id, `${invitee}@example.test`, 'MEMBER');
    const token = await tokenFor(`${invitee}@example.test`);
    await queryDatabase(db.url, "update invitations set expires_at = now() - interval '1 minute' where id = $1", [invitation.id]);
    expect(await refusalOf(invitations().accept(caller(invitee), viewerOf(invitee), token))).toEqual({ code: 'CONFLICT', details: { invitationStatus: 'EXPIRED' } });
    expect(await queryDatabase(db.url, 'select user_id from memberships where tenant_id = $1 and user_id = $2', [tenant.id, invitee])).toEqual([]);
    expect(await queryDatabase(db.url, 'select status from invitations where id = $1', [invitation.id])).toEqual([{ status: 'PENDING' }]);
  });

  it('deletes a tenant with no instance: invitations revoked, audited, announced once', async () => {
    const owner = randomUUID();
    const tenant = await newTenant(owner);
    await invitations().invite(caller(owner), tenant.id, `${randomUUID()}@example.test`, 'MEMBER');
    const deleted = await tenants().delete(caller(owner), viewerOf(owner), tenant.id);
    expect(deleted.status).toBe('DELETED');
    expect(await queryDatabase(db.url, 'select status from invitations where tenant_id = $1', [tenant.id])).toEqual([{ status: 'REVOKED' }]);
    expect(await queryDatabase(db.url, "select actor_user_id from audit_entries where tenant_id = $1 and action = 'tenant.delete'", [tenant.id])).toEqual([{ actor_user_id: owner }]);
    const statusEvents = await queryDatabase<{ payload: { status: string } }>(db.url, "select payload from outbox_messages where routing_key = 'tenant.status' and payload->>'tenantId' = $1", [tenant.id]);
    expect(statusEvents.map((row) => row.payload.status)).toEqual(['DELETED']);
  });

  it('counts instances again once creates are refused, and keeps the tenant when one was created in between', async () => {
    const owner = randomUUID();
    const tenant = await newTenant(owner);
    await invitations().invite(caller(owner), tenant.id, `${randomUUID()}@example.test`, 'MEMBER');
    // What createInstance's authorizer would learn at a given moment: the cached membership,
    // or on a miss the tenant's status as the tenant subgraph answers it.
    const statusSeenByCreates = async () => {
      const { entry } = await db.cache.read(tenant.id, owner);
      if (entry) return `cached ${entry.tenantStatus}`;
      return (await tenants().membershipOf(owner, tenant.id)) ? (await tenants().getForMember(owner, tenant.id)).status : 'not a member';
    };
    const { version } = await db.cache.read(tenant.id, owner);
    await db.cache.write(tenant.id, owner, { role: 'OWNER', tenantStatus: 'ACTIVE' }, version);
    // Stands in for the instance subgraph: nothing at the first count; by the second, the
    // instance a concurrent createInstance (authorized while the tenant was ACTIVE) stored.
    const seen: string[] = [];
    const counts = [0, 1];
    const instances = {
      liveInstanceCount: async () => {
        seen.push(await statusSeenByCreates());
        return counts.shift() ?? 1;
      },
    };
    const service = new TenantService({ em: db.em(), hooks: hooks(), instances, quotas: DEFAULT_TENANT_QUOTAS });
    expect(await refusalOf(service.delete(caller(owner), viewerOf(owner), tenant.id))).toEqual({ code: 'CONFLICT', details: { tenantId: tenant.id, instances: 1 } });
    // First count: creates still allowed (cached ACTIVE); second count: the tenant is closed
    // and the cache dropped, so any create authorized from then on is refused.
    expect(seen).toEqual(['cached ACTIVE', 'DELETED']);
    expect(await statusSeenByCreates()).toBe('ACTIVE');
    const [row] = await queryDatabase<{ status: string; deleted_at: Date | null }>(db.url, 'select status, deleted_at from tenants where id = $1', [tenant.id]);
    expect(row).toEqual({ status: 'ACTIVE', deleted_at: null });
    expect(await queryDatabase(db.url, 'select status from invitations where tenant_id = $1', [tenant.id])).toEqual([{ status: 'PENDING' }]);
    expect(await queryDatabase(db.url, "select id from audit_entries where tenant_id = $1 and action = 'tenant.delete'", [tenant.id])).toEqual([]);
    expect(await queryDatabase(db.url, "select id from outbox_messages where routing_key = 'tenant.status' and payload->>'tenantId' = $1", [tenant.id])).toEqual([]);
  });

  it('stores nothing when the invitation email cannot be sent', async () => {
    const owner = randomUUID();
    const tenant = await newTenant(owner);
    const broken = createMailer({ smtpUrl: 'smtp://127.0.0.1:1', from: 'no-reply@example.test', logger: silentLogger });
    try {
      expect(await codeOf(invitations(broken).invite(caller(owner), tenant.id, 'someone@example.test', 'MEMBER'))).toBe('SERVICE_UNAVAILABLE');
    } finally {
      broken.close();
    }
    expect(await queryDatabase(db.url, 'select id from invitations where tenant_id = $1', [tenant.id])).toEqual([]);
    expect(await queryDatabase(db.url, "select id from audit_entries where tenant_id = $1 and action = 'invitation.create'", [tenant.id])).toEqual([]);
  });

  it('stores an audit event from another subgraph once', async () => {
    const tenantId = randomUUID();
    const event = {
      eventId: randomUUID(),
      tenantId,
      actorUserId: null,
      action: 'invoice.paid',
      targetType: 'invoice',
      targetId: 'inv-1',
      ip: null,
      source: 'billing',
      at: new Date().toISOString(),
    };
    const log = new AuditLogService(db.em());
    expect(await log.ingest(event)).toBe(true);
    expect(await log.ingest(event)).toBe(false);
    const page = await new AuditLogService(db.em()).page(tenantId, 10, null);
    expect(page.totalCount).toBe(1);
    expect(page.edges[0]?.node).toMatchObject({ action: 'invoice.paid', source: 'billing', actorUserId: null });
  });

  it('applies a billing suspension once and announces it', async () => {
    const tenant = await newTenant(randomUUID());
    const event = { eventId: randomUUID(), tenantId: tenant.id, suspended: true, reason: 'unpaid', at: new Date().toISOString() };
    await tenants().applyBillingStatus(event, silentLogger);
    await tenants().applyBillingStatus(event, silentLogger);
    const [row] = await queryDatabase<{ status: string }>(db.url, 'select status from tenants where id = $1', [tenant.id]);
    expect(row?.status).toBe('SUSPENDED');
    const suspensions = await queryDatabase(db.url, "select actor_user_id from audit_entries where tenant_id = $1 and action = 'tenant.suspend'", [tenant.id]);
    expect(suspensions).toEqual([{ actor_user_id: null }]);
    const statusEvents = await queryDatabase(db.url, "select id from outbox_messages where routing_key = 'tenant.status' and payload->>'tenantId' = $1", [tenant.id]);
    expect(statusEvents).toHaveLength(1);
  });
});
