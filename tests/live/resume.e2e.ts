import { ApolloClient, gql, InMemoryCache } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { dataOf, graphql, TestStack } from '@saas/testing';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { createTenant, eventually, signUp, type TestUser, uniqueSuffix } from '../support/fixtures';
import { subscribe, waitForResults } from '../support/live-client';

/** Short enough that sockets expire during the test. */
const TOKEN_SECONDS = 25;

const STATUS = `subscription($tenantId: ID!, $after: String) {
  instanceStatusChanged(tenantId: $tenantId, after: $after) { status sequence cursor instance { id } }
}`;

interface StatusEvent {
  instanceStatusChanged: { status: string; sequence: number; cursor: string; instance: { id: string } };
}

type Results = Array<{ data?: StatusEvent | null; errors?: unknown }>;
const changes = (results: Results) => results.map((r) => `${r.data?.instanceStatusChanged.sequence}:${r.data?.instanceStatusChanged.status}`);

/** A signed-in client that refreshes its access token before it expires, as an app does. */
class Session {
  private current: Promise<{ accessToken: string; refreshToken: string; expiresAt: number }>;

  constructor(
    private readonly url: string,
    user: TestUser,
  ) {
    this.current = Promise.resolve({ accessToken: user.accessToken, refreshToken: user.refreshToken, expiresAt: Date.now() + TOKEN_SECONDS * 1000 });
  }

  /** One refresh at a time: a refresh token used twice would end the session. */
  accessToken(): Promise<string> {
    this.current = this.current.then(async (tokens) => {
      if (tokens.expiresAt - Date.now() > 10_000) return tokens;
      const { refreshSession } = dataOf(
        await graphql<{ refreshSession: { accessToken: string; refreshToken: string; expiresAt: string } }>(
          this.url,
          'mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken refreshToken expiresAt } }',
          { t: tokens.refreshToken },
        ),
      );
      return { ...refreshSession, expiresAt: Date.parse(refreshSession.expiresAt) };
    });
    return this.current.then((tokens) => tokens.accessToken);
  }

  async call<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    return dataOf(await graphql<T>(this.url, query, variables, { token: await this.accessToken() }));
  }
}

/**
 * Resuming status subscriptions: with `after` a reconnecting client gets exactly the changes
 * it missed, in order, then the live ones; at token expiry the socket closes with 4419 and
 * unmodified graphql-ws and Apollo Client reconnect with a fresh token from
 * `connectionParams` and go on without missing a change.
 */
describe('live status that never drops', () => {
  let stack: TestStack;
  let owner: TestUser;
  let session: Session;

  beforeAll(async () => {
    stack = await TestStack.start({ serviceEnv: { auth: { ACCESS_TOKEN_TTL_SECONDS: String(TOKEN_SECONDS) } } });
    owner = await signUp(stack.gatewayUrl, 'owner');
    session = new Session(stack.gatewayUrl, owner);
  });

  afterAll(async () => {
    await stack?.teardown();
  });

  const tenantOf = async (name: string) => createTenant(stack.gatewayUrl, { ...owner, accessToken: await session.accessToken() }, name);

  const createInstance = async (tenantId: string) =>
    (
      await session.call<{ createInstance: { instance: { id: string } } }>('mutation($input: CreateInstanceInput!) { createInstance(input: $input) { instance { id } } }', {
        input: { tenantId, name: 'Live shop', subdomain: `live-${uniqueSuffix()}`, odooVersion: '17.0' },
      })
    ).createInstance.instance.id;

  const operate = (mutation: 'stopInstance' | 'startInstance', id: string) => session.call(`mutation($id: ID!) { ${mutation}(id: $id) { id } }`, { id });

  const waitForStatus = (id: string, status: string) =>
    eventually(
      async () => {
        const { instance } = await session.call<{ instance: { status: string; currentOperation: { id: string } | null } }>('query($id: ID!) { instance(id: $id) { status currentOperation { id } } }', { id });
        return instance.status === status && !instance.currentOperation ? true : undefined;
      },
      180_000,
      `instance ${status}`,
    );

  it('replays exactly the changes missed while disconnected, in order, then goes live', async () => {
    const tenant = await tenantOf('Resume');
    const first = subscribe<StatusEvent>(stack.gatewayWsUrl, await session.accessToken(), STATUS, { tenantId: tenant.id });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const instanceId = await createInstance(tenant.id);
    await waitForResults(first, 3);
    expect(changes(first.results)).toEqual(['1:PENDING', '2:PROVISIONING', '3:RUNNING']);
    const cursor = first.results[2]?.data?.instanceStatusChanged.cursor;
    await first.dispose();

    await operate('stopInstance', instanceId);
    await waitForStatus(instanceId, 'STOPPED');

    const resumed = subscribe<StatusEvent>(stack.gatewayWsUrl, await session.accessToken(), STATUS, { tenantId: tenant.id, after: cursor });
    await waitForResults(resumed, 2);
    await operate('startInstance', instanceId);
    await waitForResults(resumed, 4);
    await waitForStatus(instanceId, 'RUNNING');
    expect(changes(resumed.results)).toEqual(['4:STOPPING', '5:STOPPED', '6:STARTING', '7:RUNNING']);
    expect(resumed.results.map((r) => r.data?.instanceStatusChanged.cursor)).not.toContain(cursor);
    await resumed.dispose();

    const foreign = subscribe<StatusEvent>(stack.gatewayWsUrl, await session.accessToken(), STATUS, { tenantId: (await tenantOf('Elsewhere')).id, after: cursor });
    await foreign.completed;
    expect(foreign.results[0]?.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) })]);
    await foreign.dispose();
  });

  it('keeps stock graphql-ws and Apollo Client subscriptions going across token expiry (4419), missing nothing', async () => {
    const tenant = await tenantOf('Expiry');
    const instanceId = await createInstance(tenant.id);
    await waitForStatus(instanceId, 'RUNNING');

    const connections = { ws: 0, apollo: 0 };
    const closes: Array<{ client: string; code: number }> = [];
    const clientFor = (name: 'ws' | 'apollo') =>
      createClient({
        url: stack.gatewayWsUrl,
        webSocketImpl: WebSocket,
        // What the README shows: a function, so every (re)connection gets a fresh token.
        connectionParams: async () => {
          connections[name] += 1;
          return { authorization: `Bearer ${await session.accessToken()}` };
        },
        on: {
          closed: (event) => {
            const code = (event as { code: number }).code;
            closes.push({ client: name, code });
            // Changes while both are reconnecting: nobody is connected to receive them live.
            if (code === 4419 && name === 'ws') void operate('stopInstance', instanceId);
          },
        },
      });

    const wsClient = clientFor('ws');
    const viaWs: Results = [];
    wsClient.subscribe<StatusEvent>({ query: STATUS, variables: { tenantId: tenant.id } }, { next: (r) => void viaWs.push(r as Results[number]), error: (e) => viaWs.push({ errors: e }), complete: () => undefined });

    const apolloWs = clientFor('apollo');
    const apollo = new ApolloClient({ link: new GraphQLWsLink(apolloWs), cache: new InMemoryCache() });
    const viaApollo: Results = [];
    const apolloSubscription = apollo
      .subscribe<StatusEvent>({ query: gql(STATUS), variables: { tenantId: tenant.id } })
      .subscribe({ next: (r) => void viaApollo.push({ data: r.data ?? null }), error: (e: unknown) => viaApollo.push({ errors: e }) });

    await eventually(async () => (closes.filter((c) => c.code === 4419).length >= 2 ? true : undefined), (TOKEN_SECONDS + 30) * 1000, 'both sockets closed at token expiry');
    await waitForStatus(instanceId, 'STOPPED');
    await operate('startInstance', instanceId);
    await waitForStatus(instanceId, 'RUNNING');
    const expected = ['4:STOPPING', '5:STOPPED', '6:STARTING', '7:RUNNING'];
    await eventually(async () => (viaWs.length >= 4 && viaApollo.length >= 4 ? true : undefined), 60_000, 'the changes on both clients');

    expect(changes(viaWs)).toEqual(expected);
    expect(changes(viaApollo)).toEqual(expected);
    expect(closes.map((c) => c.code)).not.toContain(4401);
    expect(connections.ws).toBeGreaterThanOrEqual(2);
    expect(connections.apollo).toBeGreaterThanOrEqual(2);

    apolloSubscription.unsubscribe();
    await Promise.all([wsClient.dispose(), apolloWs.dispose()]);
  });
});
