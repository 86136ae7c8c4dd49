import { errorCodes, graphql, TestStack } from '@saas/testing';
import WebSocket from 'ws';
import { signUp, type TestUser } from '../support/fixtures';
import { subscribe } from '../support/live-client';

/** `me { memberships { tenant { members { user { memberships ... } } } } }`, `depth` memberships deep. */
function cyclic(depth: number): string {
  let inner = 'id';
  for (let level = 0; level < depth; level++) inner = `memberships { tenant { members { user { ${inner} } } } }`;
  return `{ me { ${inner} } }`;
}

/**
 * What one operation may cost (issue 14, High 2): the gateway refuses before planning, on
 * HTTP and graphql-ws alike, and a subgraph sheds load instead of queueing it.
 */
describe('security: query limits and load shedding', () => {
  let stack: TestStack;
  let user: TestUser;

  beforeAll(async () => {
    stack = await TestStack.start({ services: ['auth', 'tenant', 'user', 'billing', 'instance', 'gateway'], serviceEnv: { billing: { MAX_IN_FLIGHT_REQUESTS: '1' } } });
    user = await signUp(stack.gatewayUrl, 'limits');
  });

  afterAll(async () => {
    await stack?.teardown();
  });

  it('refuses the 50-deep cyclic query with QUERY_TOO_COMPLEX (HTTP 400), and the platform still answers', async () => {
    const response = await graphql(stack.gatewayUrl, cyclic(50), {}, { token: user.accessToken });
    expect(response.status).toBe(400);
    expect(errorCodes(response)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(errorCodes(await graphql(stack.gatewayUrl, '{ me { id } }', {}, { token: user.accessToken }))).toEqual([]);
  });

  it('refuses a shallow cyclic query by its estimated cost', async () => {
    const response = await graphql(stack.gatewayUrl, cyclic(2), {}, { token: user.accessToken });
    expect(errorCodes(response)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(response.errors?.[0]?.extensions).toMatchObject({ limit: 'maxCost' });
  });

  it('refuses 1,000 anonymous aliases of plans by their tokens, and 31 by the alias limit', async () => {
    const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `p${i}: plans { code }`).join(' ')} }`;
    const many = await graphql(stack.gatewayUrl, aliases(1_000), {});
    expect(many.status).toBe(400);
    expect(errorCodes(many)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(errorCodes(await graphql(stack.gatewayUrl, aliases(31), {}))).toEqual(['QUERY_TOO_COMPLEX']);
    expect(errorCodes(await graphql(stack.gatewayUrl, aliases(3), {}))).toEqual([]);
  });

  it('applies the same limits over graphql-ws', async () => {
    const deep = subscribe(stack.gatewayWsUrl, user.accessToken, `subscription { operationProgress(operationId: "x") { instance { tenant { members { user { memberships { tenant { members { user { memberships { tenant { id } } } } } } } } } } } }`);
    await deep.completed;
    expect(deep.results[0]?.errors?.map((error) => error.extensions?.code)).toEqual(['QUERY_TOO_COMPLEX']);
    await deep.dispose();
  });

  it('closes a socket that sends a message larger than HTTP allows (1 MB)', async () => {
    const socket = new WebSocket(stack.gatewayWsUrl, 'graphql-transport-ws');
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    socket.send(JSON.stringify({ type: 'connection_init', payload: { padding: 'x'.repeat(2 * 1024 * 1024) } }));
    expect(await closed).toBe(1009);
  });

  it('sheds load in a saturated subgraph with a fast SERVICE_UNAVAILABLE instead of queueing', async () => {
    const billing = stack.url('billing', '/graphql');
    const responses = await Promise.all(Array.from({ length: 50 }, () => graphql(billing, '{ plans { code name } }', {})));
    const codes = responses.map((response) => (response.status === 503 ? 'SERVICE_UNAVAILABLE' : errorCodes(response)[0] ?? 'OK'));
    expect(codes).toContain('SERVICE_UNAVAILABLE');
    expect(codes).toContain('OK');
    expect(new Set(codes)).toEqual(new Set(['OK', 'SERVICE_UNAVAILABLE']));
  });
});
