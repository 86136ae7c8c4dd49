import { generateKeyPairSync } from 'node:crypto';
import { dataOf, graphql, SmtpSink, TestStack } from '@saas/testing';
import jwt from 'jsonwebtoken';
import { createInstance, createTenant, eventually, signUp, type TestUser, waitForInstanceStatus } from '../support/fixtures';
import { subscribe, waitForResults } from '../support/live-client';
import { currentSigningKey, forgeAccessToken } from '../support/signing-key';
import { addMember, REMOVE } from '../tenancy/support';

const STATUS_CHANGED = `subscription($tenantId: ID!, $instanceId: ID) {
  instanceStatusChanged(tenantId: $tenantId, instanceId: $instanceId) {
    status previousStatus sequence at
    instance { id name url tenant { id name subscription { plan { name } } } }
  }
}`;

interface StatusEvent {
  instanceStatusChanged: {
    status: string;
    previousStatus: string | null;
    sequence: number;
    instance: { id: string; name: string; url: string; tenant: { id: string; name: string; subscription: { plan: { name: string } } } };
  };
}

const statusesOf = (results: Array<{ data?: StatusEvent | null }>) => results.map((r) => r.data?.instanceStatusChanged.status);

describe('live instance status over graphql-ws through the gateway', () => {
  let stack: TestStack;
  let sink: SmtpSink;
  let owner: TestUser;
  let outsider: TestUser;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    stack = await TestStack.start({ serviceEnv: { tenant: { SMTP_URL: sink.url } } });
    owner = await signUp(stack.gatewayUrl, 'owner');
    outsider = await signUp(stack.gatewayUrl, 'outsider');
  });

  afterAll(async () => {
    await stack?.teardown();
    await sink?.stop();
  });

  it('streams PENDING -> PROVISIONING -> RUNNING with cross-subgraph fields, in order, only to members', async () => {
    const tenant = await createTenant(stack.gatewayUrl, owner, 'Acme Live');
    const outsiderTenant = await createTenant(stack.gatewayUrl, outsider, 'Elsewhere');
    const member = subscribe<StatusEvent>(stack.gatewayWsUrl, owner.accessToken, STATUS_CHANGED, { tenantId: tenant.id });
    const stranger = subscribe<StatusEvent>(stack.gatewayWsUrl, outsider.accessToken, STATUS_CHANGED, { tenantId: outsiderTenant.id });
    await new Promise((resolve) => setTimeout(resolve, 500));

    const operation = dataOf(await createInstance(stack.gatewayUrl, owner, { tenantId: tenant.id, name: 'Live shop' })).createInstance;
    await waitForInstanceStatus(stack.gatewayUrl, owner, operation.instance.id, 'RUNNING');
    const results = await waitForResults(member, 3);

    expect(statusesOf(results)).toEqual(['PENDING', 'PROVISIONING', 'RUNNING']);
    expect(results.map((r) => r.data?.instanceStatusChanged.previousStatus)).toEqual([null, 'PENDING', 'PROVISIONING']);
    expect(results.map((r) => r.data?.instanceStatusChanged.sequence)).toEqual([1, 2, 3]);
    const last = results[2]?.data?.instanceStatusChanged.instance;
    expect(last).toEqual({
      id: operation.instance.id,
      name: 'Live shop',
      url: `https://${operation.instance.subdomain}.odoo.localhost`,
      tenant: { id: tenant.id, name: 'Acme Live', subscription: { plan: { name: 'Trial' } } },
    });
    expect(stranger.results).toEqual([]);
    await Promise.all([member.dispose(), stranger.dispose()]);
  });

  it('refuses a subscription to another tenant with FORBIDDEN', async () => {
    const tenant = await createTenant(stack.gatewayUrl, owner, 'Private');
    const intruder = subscribe<StatusEvent>(stack.gatewayWsUrl, outsider.accessToken, STATUS_CHANGED, { tenantId: tenant.id });
    await intruder.completed;
    expect(intruder.results).toHaveLength(1);
    expect(intruder.results[0]?.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await intruder.dispose();
  });

  it('follows one operation until it succeeds, then completes', async () => {
    const tenant = await createTenant(stack.gatewayUrl, owner, 'Progress');
    const operation = dataOf(await createInstance(stack.gatewayUrl, owner, { tenantId: tenant.id })).createInstance;
    const progress = subscribe<{ operationProgress: { id: string; type: string; status: string; progress: number; instance: { id: string } } }>(
      stack.gatewayWsUrl,
      owner.accessToken,
      'subscription($id: ID!) { operationProgress(operationId: $id) { id type status progress instance { id } } }',
      { id: operation.id },
    );
    await progress.completed;
    const seen = progress.results.map((r) => r.data?.operationProgress);
    expect(seen.at(-1)).toMatchObject({ id: operation.id, type: 'CREATE', status: 'SUCCEEDED', progress: 100, instance: { id: operation.instance.id } });
    const percentages = seen.map((s) => s?.progress ?? -1);
    expect([...percentages].sort((a, b) => a - b)).toEqual(percentages);
    await progress.dispose();

    const foreign = subscribe(stack.gatewayWsUrl, outsider.accessToken, 'subscription($id: ID!) { operationProgress(operationId: $id) { id } }', { id: operation.id });
    await foreign.completed;
    expect(foreign.results[0]?.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await foreign.dispose();
  });

  /** Waits until the gateway counts `count` live subscriptions (its `live_subscriptions` gauge). */
  const waitForLiveSubscriptions = async (count: number) => {
    await eventually(async () => {
      const text = await (await fetch(stack.metricsUrl('gateway'))).text();
      const line = text.split('\n').find((l) => /^live_subscriptions\{[^}]*kind="subscriptions"/.test(l));
      return Number(line?.trim().split(/\s+/).at(-1)) === count ? true : undefined;
    }, 15_000, `${count} live subscriptions at the gateway`);
  };

  const logIn = async () =>
    dataOf(
      await graphql<{ logIn: { accessToken: string } }>(stack.gatewayUrl, 'mutation($e: String!, $p: String!) { logIn(email: $e, password: $p) { accessToken } }', {
        e: owner.email,
        p: owner.password,
      }),
    ).logIn;

  it.each([
    ['no token', async () => undefined],
    ['a malformed token', async () => 'not-a-jwt'],
    ['an expired token', async () => forgeAccessToken(stack, { sub: owner.id, sid: '00000000-0000-4000-8000-000000000000', iat: Math.floor(Date.now() / 1000) - 3600, exp: Math.floor(Date.now() / 1000) - 60 })],
    [
      'the token of a session that already logged out',
      async () => {
        const { accessToken } = await logIn();
        dataOf(await graphql(stack.gatewayUrl, 'mutation { logOut }', {}, { token: accessToken }));
        return accessToken;
      },
    ],
    [
      'a well-formed token with a wrong signature',
      async () => {
        // The claims and key id of a real token, signed by a key the platform never issued.
        const { kid } = await currentSigningKey(stack);
        const { accessToken } = await logIn();
        const claims = jwt.decode(accessToken) as Record<string, unknown>;
        const stranger = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
        return jwt.sign(claims, stranger, { algorithm: 'ES256', keyid: kid });
      },
    ],
  ])('closes a connection with %s with code 4401', async (_case, token) => {
    const connection = subscribe(stack.gatewayWsUrl, await token(), STATUS_CHANGED, { tenantId: '00000000-0000-4000-8000-000000000000' });
    const closed = await connection.closed;
    expect(closed.code).toBe(4401);
    expect(connection.results.filter((result) => result.data)).toEqual([]);
    await connection.dispose();
  });

  it('closes an open socket with 4419 (which clients retry) when its access token expires', async () => {
    const tenant = await createTenant(stack.gatewayUrl, owner, 'Short-lived');
    const now = Math.floor(Date.now() / 1000);
    // Valid long enough to connect and subscribe, then it runs out while the socket is open.
    const token = await forgeAccessToken(stack, { sub: owner.id, sid: '00000000-0000-4000-8000-00000000e0e0', iat: now, exp: now + 8 });
    const connection = subscribe(stack.gatewayWsUrl, token, STATUS_CHANGED, { tenantId: tenant.id });
    const connected = new Promise<void>((resolve) => connection.client.on('connected', () => resolve()));
    await connected;
    const closed = await connection.closed;
    // "Token expired" is the open socket's timer; a token refused at connect says "Access token expired.".
    expect(closed).toEqual({ code: 4419, reason: 'Token expired' });
    await connection.dispose();
  });

  it('closes the sockets of a session that logs out', async () => {
    const session = await logIn();
    const tenant = await createTenant(stack.gatewayUrl, owner, 'Logout');
    const connection = subscribe(stack.gatewayWsUrl, session.accessToken, STATUS_CHANGED, { tenantId: tenant.id });
    await new Promise((resolve) => setTimeout(resolve, 500));
    dataOf(await graphql(stack.gatewayUrl, 'mutation { logOut }', {}, { token: session.accessToken }));
    const closed = await connection.closed;
    expect(closed).toEqual({ code: 4401, reason: 'Session revoked' });
    await connection.dispose();
  });

  it('ends the subscription of a member who is removed from the tenant', async () => {
    const tenant = await createTenant(stack.gatewayUrl, owner, 'Removal');
    const member = await signUp(stack.gatewayUrl, 'member');
    await addMember(stack.gatewayUrl, sink, owner, tenant.id, member, 'MEMBER');
    const subscription = subscribe(stack.gatewayWsUrl, member.accessToken, STATUS_CHANGED, { tenantId: tenant.id });
    await new Promise((resolve) => setTimeout(resolve, 500));
    dataOf(await graphql(stack.gatewayUrl, REMOVE, { tenantId: tenant.id, userId: member.id }, { token: owner.accessToken }));
    await subscription.completed;
    expect(subscription.results.at(-1)?.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await subscription.dispose();
  });

  it('resolves a selection reaching User per viewer: a co-member never sees tenants the viewer does not share', async () => {
    const shared = await createTenant(stack.gatewayUrl, owner, 'Shared');
    const first = await signUp(stack.gatewayUrl, 'first');
    const second = await signUp(stack.gatewayUrl, 'second');
    await addMember(stack.gatewayUrl, sink, owner, shared.id, first, 'MEMBER');
    await addMember(stack.gatewayUrl, sink, owner, shared.id, second, 'MEMBER');
    await createTenant(stack.gatewayUrl, first, 'First private');
    const query = `subscription($tenantId: ID!) {
      instanceStatusChanged(tenantId: $tenantId) { sequence instance { tenant { members { user { id memberships { tenant { name } } } } } } }
    }`;
    type MembersEvent = { instanceStatusChanged: { sequence: number; instance: { tenant: { members: Array<{ user: { id: string; memberships: Array<{ tenant: { name: string } }> } }> } } } };
    // Same tenant, same role, same query: only the viewer tells them apart. `first` joins first.
    await waitForLiveSubscriptions(0);
    const asFirst = subscribe<MembersEvent>(stack.gatewayWsUrl, first.accessToken, query, { tenantId: shared.id });
    await waitForLiveSubscriptions(1);
    const asSecond = subscribe<MembersEvent>(stack.gatewayWsUrl, second.accessToken, query, { tenantId: shared.id });
    await waitForLiveSubscriptions(2);

    dataOf(await createInstance(stack.gatewayUrl, owner, { tenantId: shared.id }));
    const [[seenByFirst], [seenBySecond]] = await Promise.all([waitForResults(asFirst, 1), waitForResults(asSecond, 1)]);
    const tenantsOfFirst = (event: typeof seenByFirst) =>
      event?.data?.instanceStatusChanged.instance.tenant.members
        .find((member) => member.user.id === first.id)
        ?.user.memberships.map((membership) => membership.tenant.name)
        .sort();

    expect(tenantsOfFirst(seenByFirst)).toEqual(['First private', 'Shared']);
    expect(tenantsOfFirst(seenBySecond)).toEqual(['Shared']);
    await Promise.all([asFirst.dispose(), asSecond.dispose()]);
  });

  it('serves subscribers on two gateway processes with the same events', async () => {
    const second = await stack.startExtraGateway();
    const tenant = await createTenant(stack.gatewayUrl, owner, 'Two gateways');
    const onFirst = subscribe<StatusEvent>(stack.gatewayWsUrl, owner.accessToken, STATUS_CHANGED, { tenantId: tenant.id });
    const onSecond = subscribe<StatusEvent>(second.wsUrl, owner.accessToken, STATUS_CHANGED, { tenantId: tenant.id });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const operation = dataOf(await createInstance(stack.gatewayUrl, owner, { tenantId: tenant.id })).createInstance;
    await waitForInstanceStatus(stack.gatewayUrl, owner, operation.instance.id, 'RUNNING');
    await Promise.all([waitForResults(onFirst, 3), waitForResults(onSecond, 3)]);
    expect(statusesOf(onFirst.results)).toEqual(['PENDING', 'PROVISIONING', 'RUNNING']);
    expect(statusesOf(onSecond.results)).toEqual(statusesOf(onFirst.results));
    await Promise.all([onFirst.dispose(), onSecond.dispose()]);
  });
});
