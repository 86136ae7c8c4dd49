import { errorCodes, graphql, type GraphQLResponse, TestStack } from '@saas/testing';
import { createTenant, signUp, uniqueSuffix } from '../support/fixtures';

const LOG_IN = 'mutation($email: String!, $password: String!) { logIn(email: $email, password: $password) { accessToken } }';
const AUDIT_IPS = 'query($id: ID!) { tenant(id: $id) { auditLog(first: 10) { edges { node { action ip } } } } }';

/**
 * Only the gateway (TRUSTED_PROXIES of each subgraph, by default loopback 127.0.0.1) may say who
 * the client is. A caller reaching a subgraph directly from another address (127.0.0.2 is
 * loopback too, but not the gateway's) is counted and recorded by its own address.
 */
describe('security: x-forwarded-for is believed only from trusted proxies', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await TestStack.start({
      services: ['auth', 'tenant', 'user', 'billing', 'instance', 'gateway'],
      serviceEnv: { auth: { LOGIN_LIMIT_PER_IP: '5', LOGIN_LIMIT_WINDOW_SECONDS: '600' } },
    });
  });

  afterAll(async () => {
    await stack?.teardown();
  });

  it('counts a direct caller of the auth subgraph by its own address, whatever x-forwarded-for it sends', async () => {
    let limited: GraphQLResponse<unknown> | undefined;
    for (let attempt = 0; attempt < 8 && !limited; attempt += 1) {
      const response = await graphql(
        stack.url('auth', '/graphql'),
        LOG_IN,
        { email: `spray-${uniqueSuffix()}@example.test`, password: 'Spray-password-1' },
        { localAddress: '127.0.0.2', headers: { 'x-forwarded-for': `198.51.100.${attempt}` } },
      );
      if (errorCodes(response)[0] === 'TOO_MANY_REQUESTS') limited = response;
      else expect(errorCodes(response)).toEqual(['UNAUTHENTICATED']);
    }
    expect(limited).toBeDefined();
    // The gateway's callers (127.0.0.1, as the gateway forwards it) are another address: not limited.
    const throughGateway = await graphql(stack.gatewayUrl, LOG_IN, { email: `other-${uniqueSuffix()}@example.test`, password: 'Spray-password-1' });
    expect(errorCodes(throughGateway)).toEqual(['UNAUTHENTICATED']);
  });

  it('records the direct caller, not the address it claims, in the audit log', async () => {
    const owner = await signUp(stack.gatewayUrl, 'proxied');
    const viaGateway = await createTenant(stack.gatewayUrl, owner, 'Via gateway');
    const direct = await graphql<{ createTenant: { id: string } }>(
      stack.url('tenant', '/graphql'),
      'mutation($input: CreateTenantInput!) { createTenant(input: $input) { id } }',
      { input: { name: 'Direct', slug: `d-${uniqueSuffix()}` } },
      { token: owner.accessToken, localAddress: '127.0.0.2', headers: { 'x-forwarded-for': '203.0.113.66' } },
    );
    const directId = direct.data?.createTenant.id;
    expect(directId).toBeDefined();
    const ipsOf = async (id: string) => {
      const response = await graphql<{ tenant: { auditLog: { edges: Array<{ node: { ip: string | null } }> } } }>(
        stack.gatewayUrl,
        AUDIT_IPS,
        { id },
        { token: owner.accessToken },
      );
      return response.data?.tenant.auditLog.edges.map((edge) => edge.node.ip);
    };
    expect(await ipsOf(directId!)).toEqual(['127.0.0.2']);
    expect(await ipsOf(viaGateway.id)).toEqual(['127.0.0.1']);
  });
});
