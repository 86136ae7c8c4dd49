import { errorCodes, SmtpSink, TestStack } from '@saas/testing';
import { createTenant, signUp, type TestTenant, type TestUser } from '../support/fixtures';
import { subscribe } from '../support/live-client';
import { addMember, as, CHANGE_ROLE, REMOVE } from '../tenancy/support';

/** An ADMIN-only mutation that is authorized first and then refused for its input: nothing is created. */
const CREATE_WITH_BAD_VERSION = 'mutation($tenantId: ID!) { createInstance(input: { tenantId: $tenantId, name: "X", subdomain: "canonical-probe", odooVersion: "1.0" }) { id } }';
const STATUS = 'subscription($tenantId: ID!) { instanceStatusChanged(tenantId: $tenantId) { status } }';

/**
 * Authorization must not depend on how a client spells an id (issue 14, High 1): ids are
 * canonical from the edge of each subgraph, so a cache entry written under one spelling is the
 * one a membership change clears.
 */
describe('security: ids are canonical before any authorization', () => {
  let stack: TestStack;
  let sink: SmtpSink;
  let owner: TestUser;
  let tenant: TestTenant;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    stack = await TestStack.start({ services: ['auth', 'tenant', 'user', 'billing', 'instance', 'gateway'], serviceEnv: { tenant: { SMTP_URL: sink.url } } });
    owner = await signUp(stack.gatewayUrl, 'owner');
    tenant = await createTenant(stack.gatewayUrl, owner, 'Canonical');
  });

  afterAll(async () => {
    await stack?.teardown();
    await sink?.stop();
  });

  it.each([
    ['upper case', (id: string) => id.toUpperCase()],
    ['braces', (id: string) => `{${id}}`],
    ['no hyphens', (id: string) => id.replace(/-/g, '')],
  ])('a removed ADMIN is refused with the tenant id in %s', async (_spelling, respell) => {
    const admin = await signUp(stack.gatewayUrl, 'admin');
    await addMember(stack.gatewayUrl, sink, owner, tenant.id, admin, 'ADMIN');
    // Authorized (the input is refused after the role check): the membership is now cached under this spelling.
    expect(errorCodes(await as(stack.gatewayUrl, admin, CREATE_WITH_BAD_VERSION, { tenantId: respell(tenant.id) }))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await as(stack.gatewayUrl, owner, REMOVE, { tenantId: tenant.id, userId: admin.id }))).toEqual([]);
    expect(errorCodes(await as(stack.gatewayUrl, admin, CREATE_WITH_BAD_VERSION, { tenantId: respell(tenant.id) }))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await as(stack.gatewayUrl, admin, CREATE_WITH_BAD_VERSION, { tenantId: tenant.id }))).toEqual(['FORBIDDEN']);
  });

  it('a demoted ADMIN loses ADMIN rights whatever the spelling', async () => {
    const admin = await signUp(stack.gatewayUrl, 'demoted');
    await addMember(stack.gatewayUrl, sink, owner, tenant.id, admin, 'ADMIN');
    const upper = tenant.id.toUpperCase();
    expect(errorCodes(await as(stack.gatewayUrl, admin, CREATE_WITH_BAD_VERSION, { tenantId: upper }))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await as(stack.gatewayUrl, owner, CHANGE_ROLE, { tenantId: tenant.id, userId: admin.id, role: 'MEMBER' }))).toEqual([]);
    expect(errorCodes(await as(stack.gatewayUrl, admin, CREATE_WITH_BAD_VERSION, { tenantId: upper }))).toEqual(['FORBIDDEN']);
  });

  it('a subscription opened with an upper-case tenant id ends when its member is removed', async () => {
    const member = await signUp(stack.gatewayUrl, 'watcher');
    await addMember(stack.gatewayUrl, sink, owner, tenant.id, member, 'MEMBER');
    const subscription = subscribe(stack.gatewayWsUrl, member.accessToken, STATUS, { tenantId: tenant.id.toUpperCase() });
    // Open: an event-less subscription has no result yet; give the gateway the time to register it.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(subscription.results).toEqual([]);
    expect(errorCodes(await as(stack.gatewayUrl, owner, REMOVE, { tenantId: tenant.id, userId: member.id }))).toEqual([]);
    await subscription.completed;
    await subscription.dispose();
  });

  it('refuses an id of unbounded length before any lookup, without echoing it', async () => {
    const response = await as(stack.gatewayUrl, owner, 'query($id: ID!) { tenant(id: $id) { id } }', { id: 'a'.repeat(200_000) });
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    expect(JSON.stringify(response.errors).length).toBeLessThan(1_000);
  });

  it('refuses a NUL character in any string argument as BAD_USER_INPUT, in every subgraph', async () => {
    for (const [query, variables] of [
      ['query($slug: String!) { tenantBySlug(slug: $slug) { id } }', { slug: 'acme\u0000' }],
      ['query($code: String!) { plan(code: $code) { code } }', { code: 'free\u0000' }],
      ['query($id: ID!) { tenant(id: $id) { id } }', { id: `${tenant.id}\u0000` }],
    ] as const) {
      const response = await as(stack.gatewayUrl, owner, query, variables);
      expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    }
  });
});
