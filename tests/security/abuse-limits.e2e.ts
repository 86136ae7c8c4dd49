import { createHash } from 'node:crypto';
import { errorCodes, graphql, TestStack } from '@saas/testing';
import { createTenant, signUp, type TestUser, uniqueSuffix } from '../support/fixtures';
import { subscribe } from '../support/live-client';

const STATUS = 'subscription($tenantId: ID!) { instanceStatusChanged(tenantId: $tenantId) { status } }';

/**
 * What got through the security test and is now bounded (issue 14): ten aliased invitations,
 * tenants and trials per user, open sockets per user, one failing operation on a shared
 * socket, a malformed tenant id, an APQ hash mismatch. Through the gateway, as a client does.
 */
describe('security: abuse limits through the gateway', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await TestStack.start({
      services: ['auth', 'user', 'tenant', 'billing', 'instance', 'gateway'],
      serviceEnv: {
        tenant: { MAX_TENANTS_PER_USER: '2', MAX_TRIALS_PER_USER: '3', INVITATIONS_PER_TENANT_PER_HOUR: '4' },
        gateway: { MAX_SOCKETS_PER_USER: '2' },
      },
    });
  });

  afterAll(async () => {
    await stack?.teardown();
  });

  it('sends four of ten aliased inviteMember in one request; the fifth is TOO_MANY_REQUESTS', async () => {
    const owner = await signUp(stack.gatewayUrl, 'inviter');
    const tenant = await createTenant(stack.gatewayUrl, owner);
    const aliases = Array.from({ length: 10 }, (_, i) => `i${i}: inviteMember(tenantId: $t, email: "guest-${i}-${uniqueSuffix()}@example.test", role: MEMBER) { id }`);
    const response = await graphql(stack.gatewayUrl, `mutation($t: ID!) { ${aliases.join(' ')} }`, { t: tenant.id }, { token: owner.accessToken });
    // inviteMember is non-null: the refusal ends the serial execution of the rest.
    expect(errorCodes(response)).toEqual(['TOO_MANY_REQUESTS']);
    expect(response.errors?.[0]).toMatchObject({ path: ['i4'], extensions: { retryAfter: expect.any(Number) } });
    const invitations = await graphql<{ tenant: { invitations: Array<{ id: string }> } }>(stack.gatewayUrl, 'query($id: ID!) { tenant(id: $id) { invitations { id } } }', { id: tenant.id }, { token: owner.accessToken });
    expect(invitations.data?.tenant.invitations).toHaveLength(4);
    const later = await graphql(stack.gatewayUrl, 'mutation($t: ID!) { inviteMember(tenantId: $t, email: "late@example.test", role: MEMBER) { id } }', { t: tenant.id }, { token: owner.accessToken });
    expect(errorCodes(later)).toEqual(['TOO_MANY_REQUESTS']);
  });

  it('refuses a third live tenant of one user, and a fourth trial after deleting, with QUOTA_EXCEEDED', async () => {
    const owner = await signUp(stack.gatewayUrl, 'trials');
    const create = () =>
      graphql<{ createTenant: { id: string } }>(
        stack.gatewayUrl,
        'mutation($input: CreateTenantInput!) { createTenant(input: $input) { id } }',
        { input: { name: 'Trial', slug: `t-${uniqueSuffix()}` } },
        { token: owner.accessToken },
      );
    const first = await create();
    expect(errorCodes(await create())).toEqual([]);
    const third = await create();
    expect(errorCodes(third)).toEqual(['QUOTA_EXCEEDED']);
    expect(third.errors?.[0]?.extensions).toMatchObject({ limit: 'maxTenantsPerUser', value: 2 });

    const remove = (id: string | undefined) => graphql(stack.gatewayUrl, 'mutation($id: ID!) { deleteTenant(id: $id) { id } }', { id }, { token: owner.accessToken });
    expect(errorCodes(await remove(first.data?.createTenant.id))).toEqual([]);
    const replacement = await create();
    expect(errorCodes(replacement)).toEqual([]);
    // Two live tenants again, three created: deleting one frees a place but gives no trial back.
    expect(errorCodes(await remove(replacement.data?.createTenant.id))).toEqual([]);
    const fourth = await create();
    expect(fourth.errors?.[0]?.extensions).toMatchObject({ code: 'QUOTA_EXCEEDED', limit: 'maxTrialsPerUser', value: 3 });
  });

  it('keeps a socket and its subscriptions when one operation on it fails, and caps open sockets per user with 4429', async () => {
    const user: TestUser = await signUp(stack.gatewayUrl, 'sockets');
    const tenant = await createTenant(stack.gatewayUrl, user);
    const live = subscribe(stack.gatewayWsUrl, user.accessToken, STATUS, { tenantId: tenant.id });
    const failing = await new Promise<unknown>((resolve) => {
      const results: unknown[] = [];
      live.client.subscribe(
        { query: 'query($id: ID!) { tenant(id: $id) { id } }', variables: { id: '00000000-0000-4000-8000-000000000000' } },
        { next: (value) => results.push(value), error: (error) => resolve({ error }), complete: () => resolve(results) },
      );
    });
    expect(failing).toEqual([{ data: { tenant: null }, errors: [expect.objectContaining({ extensions: expect.objectContaining({ code: 'FORBIDDEN' }) })] }]);
    const after = await new Promise<unknown>((resolve) => {
      const results: unknown[] = [];
      live.client.subscribe({ query: '{ me { id } }' }, { next: (value) => results.push(value), error: (error) => resolve({ error }), complete: () => resolve(results) });
    });
    expect(after).toEqual([{ data: { me: { id: user.id } } }]);

    const second = subscribe(stack.gatewayWsUrl, user.accessToken, STATUS, { tenantId: tenant.id });
    const third = subscribe(stack.gatewayWsUrl, user.accessToken, STATUS, { tenantId: tenant.id });
    expect(await third.closed).toMatchObject({ code: 4429, reason: expect.stringMatching(/Too many open sockets/) });
    expect(live.results).toEqual([]);
    await Promise.all([live.dispose(), second.dispose(), third.dispose()]);
  });

  it('answers subscribeTenant with a malformed tenant id FORBIDDEN, like an unknown tenant', async () => {
    const user = await signUp(stack.gatewayUrl, 'subscriber');
    const mutation = 'mutation($t: ID!) { subscribeTenant(tenantId: $t, planCode: "starter") { status } }';
    for (const tenantId of ['not-a-uuid', '00000000-0000-4000-8000-000000000000']) {
      expect(errorCodes(await graphql(stack.gatewayUrl, mutation, { t: tenantId }, { token: user.accessToken }))).toEqual(['FORBIDDEN']);
    }
  });

  it("answers an APQ hash that does not match its query with Apollo's BAD_REQUEST (HTTP 400)", async () => {
    const query = '{ plans { code } }';
    const wrong = createHash('sha256').update('{ other }').digest('hex');
    const response = await fetch(stack.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, extensions: { persistedQuery: { version: 1, sha256Hash: wrong } } }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
    expect(body.errors).toEqual([{ message: 'provided sha does not match query', extensions: { code: 'BAD_REQUEST' } }]);
  });
});
