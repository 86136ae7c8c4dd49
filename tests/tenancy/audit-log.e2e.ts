import { randomUUID } from 'node:crypto';
import { type AuditEvent, Exchanges, RoutingKeys, type TenantBillingStatusChanged } from '@saas/contracts';
import { createLogger } from '@saas/logger';
import { type Connection, connectBroker, type Publisher, waitForBroker } from '@saas/messaging';
import { SmtpSink, TestStack } from '@saas/testing';
import { createTenant, eventually, signUp, type TestTenant, type TestUser } from '../support/fixtures';
import { addMember, as, CHANGE_ROLE, firstError } from './support';

interface Entry {
  id: string;
  action: string;
  targetType: string;
  targetId: string;
  ip: string | null;
  source: string;
  at: string;
  actor: { id: string } | null;
}
interface Page {
  tenant: {
    status: string;
    auditLog: { totalCount: number; edges: Array<{ cursor: string; node: Entry }>; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null } };
  };
}

const AUDIT = `query($id: ID!, $first: Int, $after: String) {
  tenant(id: $id) {
    status
    auditLog(first: $first, after: $after) {
      totalCount
      edges { cursor node { id action targetType targetId ip source at actor { id } } }
      pageInfo { hasNextPage hasPreviousPage endCursor }
    }
  }
}`;

/** The audit log: own mutations, events from other subgraphs over RabbitMQ, billing suspensions. */
describe('tenancy: audit log', () => {
  let stack: TestStack;
  let sink: SmtpSink;
  let url: string;
  let broker: Connection;
  let publisher: Publisher;
  let owner: TestUser;
  let member: TestUser;
  let tenant: TestTenant;

  const page = async (variables: Record<string, unknown> = {}, viewer = owner) =>
    as<Page>(url, viewer, AUDIT, { id: tenant.id, ...variables });
  const actions = async () => (await page({ first: 100 })).data?.tenant.auditLog.edges.map((e) => e.node.action) ?? [];

  beforeAll(async () => {
    sink = await SmtpSink.start();
    stack = await TestStack.start({
      services: ['auth', 'user', 'tenant', 'billing', 'instance', 'gateway'],
      serviceEnv: { tenant: { SMTP_URL: sink.url } },
    });
    url = stack.gatewayUrl;
    broker = connectBroker(stack.layout.shared.AMQP_URL ?? '', createLogger({ service: 'audit-e2e', level: 'silent' }), 'audit-e2e');
    await waitForBroker(broker);
    publisher = broker.createPublisher({ confirm: true });
    owner = await signUp(url, 'owner');
    member = await signUp(url, 'member');
    tenant = await createTenant(url, owner, 'Audited');
    await addMember(url, sink, owner, tenant.id, member, 'MEMBER');
  });

  afterAll(async () => {
    await publisher?.close();
    await broker?.close();
    await stack?.teardown();
    await sink?.stop();
  });

  it('records every mutation with actor, target, time and IP, newest first', async () => {
    await as(url, owner, CHANGE_ROLE, { tenantId: tenant.id, userId: member.id, role: 'ADMIN' });
    const response = await page({ first: 100 });
    expect(response.errors).toBeUndefined();
    const log = response.data!.tenant.auditLog;
    expect(log.edges.map((e) => e.node.action)).toEqual(['member.role-change', 'invitation.accept', 'invitation.create', 'tenant.create']);
    expect(log.totalCount).toBe(4);
    expect(log.edges[0]?.node).toMatchObject({ targetType: 'membership', targetId: member.id, source: 'tenant', actor: { id: owner.id } });
    expect(log.edges[1]?.node.actor).toEqual({ id: member.id });
    expect(log.edges[3]?.node).toMatchObject({ targetType: 'tenant', targetId: tenant.id });
    for (const edge of log.edges) {
      expect(edge.node.ip).toMatch(/127\.0\.0\.1$/);
      expect(Date.parse(edge.node.at)).toBeGreaterThan(Date.now() - 120_000);
    }
    const times = log.edges.map((e) => Date.parse(e.node.at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('is readable by ADMIN and above only', async () => {
    await as(url, owner, CHANGE_ROLE, { tenantId: tenant.id, userId: member.id, role: 'MEMBER' });
    const refused = await page({}, member);
    expect(firstError(refused)).toMatchObject({ code: 'FORBIDDEN', extensions: expect.objectContaining({ requiredRole: 'ADMIN' }) });
    const outsider = await signUp(url, 'outsider');
    expect(firstError(await page({}, outsider)).code).toBe('FORBIDDEN');
  });

  it('pages with opaque cursors and refuses bad ones', async () => {
    const all = (await page({ first: 100 })).data!.tenant.auditLog;
    const first = (await page({ first: 2 })).data!.tenant.auditLog;
    expect(first.edges).toHaveLength(2);
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const second = (await page({ first: 100, after: first.pageInfo.endCursor })).data!.tenant.auditLog;
    expect(second.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    expect([...first.edges, ...second.edges].map((e) => e.node.id)).toEqual(all.edges.map((e) => e.node.id));
    expect(firstError(await page({ after: 'garbage' }))).toMatchObject({ code: 'BAD_USER_INPUT', extensions: expect.objectContaining({ field: 'after' }) });
    expect(firstError(await page({ first: 1000 }))).toMatchObject({ code: 'BAD_USER_INPUT', extensions: expect.objectContaining({ field: 'first' }) });
  });

  it('stores audit events other subgraphs publish through RabbitMQ, once', async () => {
    const event: AuditEvent = {
      eventId: randomUUID(),
      tenantId: tenant.id,
      actorUserId: owner.id,
      action: 'instance.create',
      targetType: 'instance',
      targetId: randomUUID(),
      ip: '203.0.113.7',
      source: 'instance',
      at: new Date().toISOString(),
    };
    const envelope = { exchange: Exchanges.platformEvents, routingKey: RoutingKeys.audit('instance'), durable: true, contentType: 'application/json' };
    // Delivered twice (an outbox relay that crashed before marking the row sent): stored once.
    await publisher.send(envelope, event);
    await publisher.send(envelope, event);
    // A malformed one is dead-lettered, not stored, and does not block the queue.
    await publisher.send(envelope, { eventId: randomUUID(), tenantId: 'x' });
    const entry = await eventually(
      async () => (await page({ first: 100 })).data?.tenant.auditLog.edges.find((e) => e.node.action === 'instance.create')?.node,
      15_000,
      'the instance audit event',
    );
    expect(entry).toMatchObject({ source: 'instance', ip: '203.0.113.7', actor: { id: owner.id }, targetId: event.targetId, at: event.at });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await actions()).filter((a) => a === 'instance.create')).toHaveLength(1);
  });

  it('applies billing suspensions: status, cache, and an entry without actor', async () => {
    const send = (suspended: boolean, eventId = randomUUID()) => {
      const message: TenantBillingStatusChanged = { eventId, tenantId: tenant.id, suspended, reason: 'test', at: new Date().toISOString() };
      return publisher.send({ exchange: Exchanges.platformEvents, routingKey: RoutingKeys.billingTenantStatus, durable: true, contentType: 'application/json' }, message);
    };
    const membership = async () =>
      (await as<{ membership: { tenant: { status: string } } }>(url, owner, 'query($t: ID!) { membership(tenantId: $t) { tenant { status } } }', { t: tenant.id })).data
        ?.membership.tenant.status;

    const suspension = randomUUID();
    await send(true, suspension);
    await send(true, suspension);
    await eventually(async () => ((await membership()) === 'SUSPENDED' ? true : undefined), 15_000, 'the suspension');
    const suspended = (await page({ first: 100 })).data!.tenant.auditLog.edges.filter((e) => e.node.action === 'tenant.suspend');
    expect(suspended).toHaveLength(1);
    expect(suspended[0]?.node).toMatchObject({ actor: null, ip: null, source: 'tenant', targetId: tenant.id });

    await send(false);
    await eventually(async () => ((await membership()) === 'ACTIVE' ? true : undefined), 15_000, 'the resumption');
    expect(await actions()).toContain('tenant.resume');
  });
});
