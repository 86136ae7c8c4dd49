import { Exchanges, type TenantLifecycleEvent } from '@saas/contracts';
import { createLogger } from '@saas/logger';
import { connectBroker, waitForBroker } from '@saas/messaging';
import { TestStack } from '@saas/testing';
import { createInstance, createTenant, eventually, signUp, uniqueSuffix } from '../support/fixtures';
import { as, firstError } from './support';

const CREATE = 'mutation($input: CreateTenantInput!) { createTenant(input: $input) { id slug name status createdAt viewerRole members { role user { id } } } }';
const UPDATE = 'mutation($id: ID!, $input: UpdateTenantInput!) { updateTenant(id: $id, input: $input) { id slug name } }';
const DELETE = 'mutation($id: ID!) { deleteTenant(id: $id) { id status } }';
const TENANT = 'query($id: ID!) { tenant(id: $id) { id slug name status viewerRole } }';
const BY_SLUG = 'query($slug: String!) { tenantBySlug(slug: $slug) { id slug } }';
const MEMBERSHIP = 'query($tenantId: ID!) { membership(tenantId: $tenantId) { role joinedAt tenant { id status } user { id } } }';
const GHOST = '00000000-0000-4000-8000-000000000000';

/** Tenants: creation, lookups, slugs, the security rule for ids, update and delete. */
describe('tenancy: tenants', () => {
  let stack: TestStack;
  let url: string;

  beforeAll(async () => {
    stack = await TestStack.start({ services: ['auth', 'user', 'tenant', 'billing', 'instance', 'gateway'] });
    url = stack.gatewayUrl;
  });

  afterAll(async () => {
    await stack?.teardown();
  });

  it('creates a tenant whose creator is OWNER, visible to members only', async () => {
    const owner = await signUp(url, 'owner');
    const outsider = await signUp(url, 'outsider');
    const slug = `acme-${uniqueSuffix()}`;
    const created = await as<{ createTenant: { id: string; slug: string; name: string; status: string; viewerRole: string; createdAt: string; members: unknown[] } }>(
      url,
      owner,
      CREATE,
      { input: { name: '  Acme   Corp ', slug } },
    );
    expect(created.errors).toBeUndefined();
    const tenant = created.data!.createTenant;
    expect(tenant).toMatchObject({ slug, name: 'Acme Corp', status: 'ACTIVE', viewerRole: 'OWNER', members: [{ role: 'OWNER', user: { id: owner.id } }] });
    expect(Date.parse(tenant.createdAt)).toBeGreaterThan(Date.now() - 60_000);

    expect((await as(url, owner, TENANT, { id: tenant.id })).data).toEqual({
      tenant: { id: tenant.id, slug, name: 'Acme Corp', status: 'ACTIVE', viewerRole: 'OWNER' },
    });
    expect((await as(url, owner, BY_SLUG, { slug })).data).toEqual({ tenantBySlug: { id: tenant.id, slug } });
    expect((await as(url, owner, MEMBERSHIP, { tenantId: tenant.id })).data).toMatchObject({
      membership: { role: 'OWNER', tenant: { id: tenant.id, status: 'ACTIVE' }, user: { id: owner.id } },
    });
    const me = await as<{ me: { memberships: Array<{ tenant: { slug: string } }> } }>(url, owner, '{ me { memberships { role tenant { slug } } } }');
    expect(me.data?.me.memberships.map((m) => m.tenant.slug)).toEqual([slug]);

    // The security rule: a non-member, a tenant that does not exist, a slug not theirs: all FORBIDDEN.
    expect(firstError(await as(url, outsider, TENANT, { id: tenant.id })).code).toBe('FORBIDDEN');
    expect(firstError(await as(url, outsider, TENANT, { id: GHOST })).code).toBe('FORBIDDEN');
    expect(firstError(await as(url, outsider, TENANT, { id: 'nope' })).code).toBe('FORBIDDEN');
    expect(firstError(await as(url, outsider, BY_SLUG, { slug })).code).toBe('FORBIDDEN');
    expect(firstError(await as(url, outsider, BY_SLUG, { slug: `free-${uniqueSuffix()}` })).code).toBe('FORBIDDEN');
    expect((await as(url, outsider, MEMBERSHIP, { tenantId: tenant.id })).data).toEqual({ membership: null });
    expect(firstError(await as(url, outsider, UPDATE, { id: tenant.id, input: { name: 'Mine' } })).code).toBe('FORBIDDEN');
    expect(firstError(await as(url, null, TENANT, { id: tenant.id })).code).toBe('UNAUTHENTICATED');
    expect(firstError(await as(url, null, CREATE, { input: { name: 'x', slug: `x-${uniqueSuffix()}` } })).code).toBe('UNAUTHENTICATED');
  });

  it.each([
    ['Acme', 'lower-case'],
    ['acme_corp', 'only contain'],
    ['-acme', 'start and end'],
    ['x'.repeat(64), 'at most 63'],
    ['', 'must not be empty'],
    ['www', 'reserved'],
    ['admin', 'reserved'],
  ])('refuses the slug %p with BAD_USER_INPUT (%s) on input.slug', async (slug, reason) => {
    const owner = await signUp(url, 'slugs');
    const response = await as(url, owner, CREATE, { input: { name: 'Bad', slug } });
    expect(firstError(response)).toMatchObject({ code: 'BAD_USER_INPUT', extensions: expect.objectContaining({ field: 'input.slug' }) });
    expect(firstError(response).message).toContain(reason);
  });

  it('refuses a blank name and a duplicate slug, and creates nothing then', async () => {
    const owner = await signUp(url, 'dup');
    const blank = await as(url, owner, CREATE, { input: { name: '   ', slug: `ok-${uniqueSuffix()}` } });
    expect(firstError(blank)).toMatchObject({ code: 'BAD_USER_INPUT', extensions: expect.objectContaining({ field: 'input.name' }) });

    const taken = await createTenant(url, owner);
    const other = await signUp(url, 'other');
    const duplicate = await as(url, other, CREATE, { input: { name: 'Copy', slug: taken.slug } });
    expect(firstError(duplicate)).toMatchObject({ code: 'CONFLICT', extensions: expect.objectContaining({ field: 'input.slug' }) });
    const mine = await as<{ me: { memberships: unknown[] } }>(url, other, '{ me { memberships { role } } }');
    expect(mine.data?.me.memberships).toEqual([]);

    // Two users racing for one free slug: exactly one gets it.
    const slug = `race-${uniqueSuffix()}`;
    const results = await Promise.all([owner, other].map((user) => as(url, user, CREATE, { input: { name: 'Race', slug } })));
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    expect(results.map((r) => firstError(r).code).filter(Boolean)).toEqual(['CONFLICT']);
  });

  it('lets ADMIN+ rename and re-slug; validates the same way', async () => {
    const owner = await signUp(url, 'owner');
    const tenant = await createTenant(url, owner);
    const slug = `renamed-${uniqueSuffix()}`;
    expect((await as(url, owner, UPDATE, { id: tenant.id, input: { name: 'Renamed', slug } })).data).toEqual({
      updateTenant: { id: tenant.id, slug, name: 'Renamed' },
    });
    expect((await as(url, owner, BY_SLUG, { slug })).data).toEqual({ tenantBySlug: { id: tenant.id, slug } });
    expect(firstError(await as(url, owner, BY_SLUG, { slug: tenant.slug })).code).toBe('FORBIDDEN');
    expect(firstError(await as(url, owner, UPDATE, { id: tenant.id, input: { slug: 'api' } })).extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.slug',
      reason: 'RESERVED',
    });
    expect(firstError(await as(url, owner, UPDATE, { id: GHOST, input: { name: 'x' } })).code).toBe('FORBIDDEN');
  });

  it('deletes a tenant (OWNER) that has no instances; its slug is free again', async () => {
    const owner = await signUp(url, 'owner');
    const empty = await createTenant(url, owner);
    const deleted = await as(url, owner, DELETE, { id: empty.id });
    expect(deleted.data).toEqual({ deleteTenant: { id: empty.id, status: 'DELETED' } });
    expect((await as(url, owner, MEMBERSHIP, { tenantId: empty.id })).data).toMatchObject({ membership: { tenant: { status: 'DELETED' } } });
    expect(firstError(await as(url, owner, UPDATE, { id: empty.id, input: { name: 'Back' } })).code).toBe('CONFLICT');
    expect(firstError(await as(url, owner, DELETE, { id: empty.id })).code).toBe('CONFLICT');
    // Its slug is free again.
    expect((await as(url, owner, CREATE, { input: { name: 'Again', slug: empty.slug } })).errors).toBeUndefined();
  });

  it('refuses to delete a tenant that has instances that are not DELETED', async () => {
    const owner = await signUp(url, 'owner');
    // With an instance that is not DELETED (no worker runs here, so it stays PENDING): refused.
    const busy = await createTenant(url, owner);
    await eventually(async () => {
      const response = await createInstance(url, owner, { tenantId: busy.id });
      if (response.errors) throw new Error(JSON.stringify(response.errors));
      return response;
    }, 30_000, 'the trial subscription that allows an instance');
    const refused = await as(url, owner, DELETE, { id: busy.id });
    expect(firstError(refused)).toMatchObject({ code: 'CONFLICT', extensions: expect.objectContaining({ instances: 1 }) });
    expect((await as(url, owner, TENANT, { id: busy.id })).data).toMatchObject({ tenant: { status: 'ACTIVE' } });
  });

  it('announces tenant.created (billing starts the trial from it) and tenant.status through the outbox', async () => {
    const broker = connectBroker(stack.layout.shared.AMQP_URL ?? '', createLogger({ service: 'tenants-e2e', level: 'silent' }), 'tenants-e2e');
    const queue = `tenants-e2e-${uniqueSuffix()}`;
    try {
      await waitForBroker(broker);
      const channel = await broker.acquire();
      await channel.queueDeclare({ queue, durable: false, autoDelete: false });
      await channel.queueBind({ queue, exchange: Exchanges.platformEvents, routingKey: 'tenant.*' });
      const owner = await signUp(url, 'owner');
      const tenant = await createTenant(url, owner);
      await as(url, owner, DELETE, { id: tenant.id });
      const received: TenantLifecycleEvent[] = [];
      const mine = () => received.filter((event) => event.tenantId === tenant.id);
      await eventually(
        async () => {
          for (let message = await channel.basicGet({ queue, noAck: true }); message; message = await channel.basicGet({ queue, noAck: true })) {
            received.push(message.body as TenantLifecycleEvent);
          }
          return mine().length >= 2 ? true : undefined;
        },
        15_000,
        'two lifecycle events',
      );
      expect(mine()).toEqual([
        expect.objectContaining({ type: 'created', status: 'ACTIVE', ownerUserId: owner.id }),
        expect.objectContaining({ type: 'status', status: 'DELETED' }),
      ]);
      await channel.queueDelete({ queue });
      await channel.close();
    } finally {
      await broker.close();
    }
  });
});
