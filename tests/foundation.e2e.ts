import { dataOf, errorCodes, graphql, TestStack } from '@saas/testing';
import { createTenant, signUp } from './support/fixtures';

describe('foundation: the supergraph boots end to end', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await TestStack.start();
  });

  afterAll(async () => {
    await stack?.teardown();
  });

  it('every process reports ready with its dependencies on its operations port', async () => {
    for (const service of stack.processes.keys()) {
      const response = await fetch(stack.metricsUrl(service, '/ready'));
      const body = (await response.json()) as { status: string; checks: Array<{ name: string; ok: boolean }> };
      expect({ service, status: response.status, ready: body.status }).toEqual({ service, status: 200, ready: 'ready' });
      expect(body.checks.length).toBeGreaterThan(0);
      expect(body.checks.every((check) => check.ok)).toBe(true);
    }
  });

  it('serves /metrics and the detailed /ready only on the operations port, never on the public one', async () => {
    for (const service of stack.processes.keys()) {
      const metrics = await fetch(stack.metricsUrl(service));
      expect({ service, status: metrics.status }).toEqual({ service, status: 200 });
      expect(await metrics.text()).toMatch(/^process_cpu_user_seconds_total/m);
      expect({ service, status: (await fetch(stack.url(service, '/metrics'))).status }).toEqual({ service, status: 404 });
      expect({ service, status: (await fetch(stack.url(service, '/health'))).status }).toEqual({ service, status: 200 });
      const ready = await fetch(stack.url(service, '/ready'));
      if (service === 'gateway' || service === 'worker') {
        // Public: GraphQL, the console and /health only (the console's page is not served for these paths).
        expect({ service, status: ready.status }).toEqual({ service, status: 404 });
      } else {
        // A subgraph's bare /ready is the gateway's probe: the verdict without the checks.
        expect({ service, status: ready.status, body: await ready.json() }).toEqual({ service, status: 200, body: { status: 'ready' } });
      }
    }
  });

  it('resolves one entity across four subgraphs in a single query', async () => {
    const user = await signUp(stack.gatewayUrl, 'federated');
    const tenant = await createTenant(stack.gatewayUrl, user, 'Federated Ltd');
    const response = await graphql<{ me: Record<string, unknown> }>(
      stack.gatewayUrl,
      '{ me { id email emailVerified displayName memberships { role tenant { id name subscription { status plan { code } } } } } }',
      {},
      { token: user.accessToken },
    );
    expect(dataOf(response).me).toEqual({
      id: user.id, // user subgraph
      email: user.email, // auth subgraph
      emailVerified: false,
      displayName: 'Test federated',
      memberships: [{ role: 'OWNER', tenant: { id: tenant.id, name: 'Federated Ltd', subscription: { status: 'TRIALING', plan: { code: 'trial' } } } }], // tenant + billing
    });
  });

  it('answers a malformed query with a GraphQL error and a code, not a 500', async () => {
    const response = await graphql(stack.gatewayUrl, '{ me { id ');
    expect(response.status).toBe(400);
    expect(errorCodes(response)).toEqual(['GRAPHQL_PARSE_FAILED']);
    expect(JSON.stringify(response)).not.toMatch(/\bat .+\.(ts|js):\d+/);
  });

  it('answers an unknown field with a validation error code', async () => {
    const response = await graphql(stack.gatewayUrl, '{ nope }');
    expect(response.status).toBe(400);
    expect(errorCodes(response)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });

  it('serves the offline explorer to a browser, and Apollo Sandbox with ?sandbox', async () => {
    const response = await fetch(stack.gatewayUrl, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/API explorer/);
    const sandbox = await fetch(`${stack.gatewayUrl}?sandbox`, { headers: { accept: 'text/html' } });
    expect(sandbox.status).toBe(200);
    expect(await sandbox.text()).toMatch(/sandbox/i);
  });

  it('refuses a GET query that could be a cross-site request (CSRF prevention)', async () => {
    const response = await fetch(`${stack.gatewayUrl}?query=${encodeURIComponent('{ __typename }')}`);
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/CSRF/);
  });
});
