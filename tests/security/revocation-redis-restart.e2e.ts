import { dataOf, graphql, type GraphQLResponse, RedisServer, TestStack } from '@saas/testing';
import { createTenant, eventually, signUp, type TestTenant, type TestUser } from '../support/fixtures';
import { subscribe } from '../support/live-client';

const ME = 'query { me { id } }';
const UPDATE_PROFILE = 'mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { id displayName } }';
const STATUS_CHANGED = 'subscription($tenantId: ID!) { instanceStatusChanged(tenantId: $tenantId) { status } }';

const codeOf = (response: GraphQLResponse) => response.errors?.[0]?.extensions?.code;

/**
 * The deny-list of signed-out sessions lives in Redis, which keeps nothing on disk. After
 * Redis restarts empty, a logged-out token must never be accepted again: while the list is
 * being rebuilt from the auth database every token is refused with a retryable
 * SERVICE_UNAVAILABLE, afterwards the signed-out one with UNAUTHENTICATED.
 */
describe('a logged-out access token after a Redis restart', () => {
  let redis: RedisServer;
  let stack: TestStack;
  let owner: TestUser;
  let tenant: TestTenant;

  beforeAll(async () => {
    redis = await RedisServer.start();
    stack = await TestStack.start({ services: ['auth', 'user', 'tenant', 'billing', 'instance', 'gateway'], env: { REDIS_URL: redis.url } });
    owner = await signUp(stack.gatewayUrl, 'owner');
    tenant = await createTenant(stack.gatewayUrl, owner, 'Revocations');
  });

  afterAll(async () => {
    await stack?.teardown();
    await redis?.stop();
  });

  const logIn = async () =>
    dataOf(
      await graphql<{ logIn: { accessToken: string } }>(stack.gatewayUrl, 'mutation($e: String!, $p: String!) { logIn(email: $e, password: $p) { accessToken } }', {
        e: owner.email,
        p: owner.password,
      }),
    ).logIn.accessToken;

  const loggedOutToken = async () => {
    const token = await logIn();
    dataOf(await graphql(stack.gatewayUrl, 'mutation { logOut }', {}, { token }));
    return token;
  };

  /** What each of the four ways in answers for `token`: error codes, or 'accepted'. */
  const attempts = async (token: string) => {
    const read = await graphql(stack.gatewayUrl, ME, {}, { token });
    const mutation = await graphql(stack.gatewayUrl, UPDATE_PROFILE, { input: { displayName: 'Should not change' } }, { token });
    const direct = await graphql(stack.url('user', '/graphql'), ME, {}, { token });
    const live = subscribe(stack.gatewayWsUrl, token, STATUS_CHANGED, { tenantId: tenant.id });
    const closed = await Promise.race([live.closed.then((event) => event.code), new Promise<'open'>((resolve) => setTimeout(() => resolve('open'), 3_000))]);
    await live.dispose();
    const outcome = (response: GraphQLResponse) => (response.data && Object.values(response.data).some((value) => value !== null) ? 'accepted' : codeOf(response));
    return { read: outcome(read), mutation: outcome(mutation), direct: outcome(direct), subscription: closed };
  };

  const refusedAs = (code: string, closeCode: number) => ({ read: code, mutation: code, direct: code, subscription: closeCode });

  it('is refused by reads, updateProfile, a direct subgraph call and a new subscription, and the list comes back', async () => {
    const token = await loggedOutToken();
    expect(await attempts(token)).toEqual(refusedAs('UNAUTHENTICATED', 4401));

    await redis.restart();
    // Whenever it is asked during the rebuild, the answer is a refusal, never an acceptance.
    const seen = new Set<string>();
    await eventually(async () => {
      const answer = await attempts(token);
      seen.add(JSON.stringify(answer));
      expect(Object.values(answer)).not.toContain('accepted');
      expect(Object.values(answer)).not.toContain('open');
      return JSON.stringify(answer) === JSON.stringify(refusedAs('UNAUTHENTICATED', 4401)) ? true : undefined;
    }, 60_000, 'the revoked token refused as signed out');
    for (const answer of seen) {
      for (const value of Object.values(JSON.parse(answer) as Record<string, unknown>)) expect(['UNAUTHENTICATED', 'SERVICE_UNAVAILABLE', 4401, 1013]).toContain(value);
    }

    // A live session still works once the list is back.
    const live = await logIn();
    await eventually(async () => (dataOf(await graphql<{ me: { id: string } }>(stack.gatewayUrl, ME, {}, { token: live })).me?.id === owner.id ? true : undefined), 30_000, 'a live token accepted');
  });

  it('refuses every token with a retryable SERVICE_UNAVAILABLE until the auth subgraph has rebuilt the list', async () => {
    const revoked = await loggedOutToken();
    const live = await logIn();
    // Nobody rebuilds the list while auth is down: the gap stays open long enough to look at.
    await stack.process('auth').stop();
    await redis.restart();
    await eventually(async () => (codeOf(await graphql(stack.gatewayUrl, ME, {}, { token: live })) === 'SERVICE_UNAVAILABLE' ? true : undefined), 30_000, 'the gateway back on Redis');
    expect(await attempts(revoked)).toEqual(refusedAs('SERVICE_UNAVAILABLE', 1013));
    expect(await attempts(live)).toEqual(refusedAs('SERVICE_UNAVAILABLE', 1013));

    await stack.startService('auth');
    expect(await attempts(revoked)).toEqual(refusedAs('UNAUTHENTICATED', 4401));
    expect(dataOf(await graphql<{ me: { id: string } }>(stack.gatewayUrl, ME, {}, { token: live })).me?.id).toBe(owner.id);
  });
});
