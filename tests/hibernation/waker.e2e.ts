import { dataOf, graphql, queryOdooDb, TestStack } from '@saas/testing';
import { CREATE_PLAN, planInput, SUBSCRIBE, staffUser } from '../billing/support';
import { TestCaddy } from '../edge/support/edge-processes';
import { createInstance, createTenant, eventually, signUp, type TestTenant, type TestUser, waitForInstanceStatus } from '../support/fixtures';
import { buildOwnStandinImage, OWN_STANDIN_IMAGE } from '../support/standin-image';
import { edgeRequest } from './support/edge-request';

const HIBERNATE = 'mutation($id: ID!) { hibernateInstance(id: $id) { id } }';
const INSTANCE = 'query($id: ID!) { instance(id: $id) { status statusMessage hibernateAfterMinutes operations { type status error } } }';
const AUDIT = 'query($id: ID!) { tenant(id: $id) { auditLog(first: 100) { edges { node { action targetId actor { id } } } } } }';
const JSON_RPC = JSON.stringify({ jsonrpc: '2.0', method: 'call', params: { service: 'common', method: 'version', args: [] }, id: 1 });
const XML_RPC = '<?xml version="1.0"?><methodCall><methodName>version</methodName><params/></methodCall>';

interface InstanceView {
  status: string;
  statusMessage: string | null;
  hibernateAfterMinutes: number | null;
  operations: Array<{ type: string; status: string; error: string | null }>;
}

/**
 * The waker through a real Caddy over HTTPS: a plan hibernating after one idle minute, the
 * edge's access log as the only activity input, a reconciler every second; each request of a
 * hibernated instance wakes it, is held and answered by the stand-in.
 */
describe('hibernation: the waker wakes an instance on its first request', () => {
  let caddy: TestCaddy;
  let stack: TestStack;
  let owner: TestUser;
  let tenant: TestTenant;
  let instanceId: string;
  let url: string;
  let ca: Buffer;

  const as = <T>(query: string, variables: Record<string, unknown> = {}) => graphql<T>(stack.gatewayUrl, query, variables, { token: owner.accessToken });
  const instance = async () => dataOf(await as<{ instance: InstanceView }>(INSTANCE, { id: instanceId })).instance;
  /** Operations newest first: how many STARTs since the latest HIBERNATE. */
  const startsSinceHibernate = async () => {
    const operations = (await instance()).operations.map((operation) => operation.type);
    return operations.slice(0, operations.indexOf('HIBERNATE')).filter((type) => type === 'START').length;
  };
  const wakeAudits = async () => {
    const { tenant: found } = dataOf(await as<{ tenant: { auditLog: { edges: Array<{ node: { action: string; targetId: string; actor: { id: string } | null } }> } } }>(AUDIT, { id: tenant.id }));
    return found.auditLog.edges.map((edge) => edge.node).filter((node) => node.action === 'instance.wake' && node.targetId === instanceId);
  };
  /** The instance's route in Caddy, as the edge programmed it. */
  const route = async () => JSON.stringify(await (await fetch(`${caddy.adminUrl}/id/edge-instance-${instanceId}`)).json());
  const routedToWaker = () => eventually(async () => ((await route()).includes('X-Edge-Instance') ? true : undefined), 30_000, 'the route to point at the waker');
  const routedToOdoo = () => eventually(async () => (!(await route()).includes('X-Edge-Instance') ? true : undefined), 30_000, 'the route to point at Odoo again');
  const hibernateNow = async () => {
    dataOf(await as(HIBERNATE, { id: instanceId }));
    await waitForInstanceStatus(stack.gatewayUrl, owner, instanceId, 'HIBERNATED');
    await routedToWaker();
  };

  beforeAll(async () => {
    // This checkout's stand-in (its /cgi-bin/echo and failure switches), whatever another checkout builds meanwhile.
    const image = buildOwnStandinImage(OWN_STANDIN_IMAGE, ['17.0']);
    caddy = await TestCaddy.start();
    stack = await TestStack.start({
      env: { ODOO_IMAGE: image },
      serviceEnv: {
        instance: {
          EDGE_ADMIN_URL: caddy.adminUrl,
          EDGE_HTTP_PORT: String(caddy.httpPort),
          EDGE_HTTPS_PORT: String(caddy.httpsPort),
          EDGE_RECONCILE_INTERVAL_MS: '1000',
          EDGE_ACCESS_LOG: caddy.accessLog,
          // A browser's page load gets the starting page at once: no race with a fast wake.
          WAKE_BROWSER_WAIT_MS: '0',
          WAKE_TIMEOUT_MS: '120000',
        },
        // Snapshots (and so hibernation decisions) every second; a failing health check gives up after 8 s (per attempt).
        worker: { RECONCILE_INTERVAL_MS: '1000', HEALTH_TIMEOUT_MS: '8000' },
      },
    });
    const staff = await staffUser(stack);
    const plan = { ...planInput(), hibernateAfterMinutes: 1 };
    dataOf(await graphql(stack.gatewayUrl, CREATE_PLAN, { input: plan }, { token: staff.accessToken }));
    owner = await signUp(stack.gatewayUrl, 'waker');
    tenant = await createTenant(stack.gatewayUrl, owner);
    dataOf(await as(SUBSCRIBE, { tenantId: tenant.id, planCode: plan.code }));
    instanceId = dataOf(await createInstance(stack.gatewayUrl, owner, { tenantId: tenant.id })).createInstance.instance.id;
    await waitForInstanceStatus(stack.gatewayUrl, owner, instanceId, 'RUNNING');
    url = dataOf(await as<{ instance: { url: string } }>('query($id: ID!) { instance(id: $id) { url } }', { id: instanceId })).instance.url;
    ca = await eventually(() => caddy.rootCertificate().catch(() => undefined), 30_000, "Caddy's root certificate");
  });

  afterAll(async () => {
    await stack?.teardown();
    await caddy?.stop();
  });

  it('idle for its plan minute (no request at the edge): HIBERNATED, its route at the waker', async () => {
    expect((await instance()).hibernateAfterMinutes).toBe(1);
    await waitForInstanceStatus(stack.gatewayUrl, owner, instanceId, 'HIBERNATED', 240_000);
    await routedToWaker();
  });

  it('its URL over HTTPS through Caddy: a 200 from Odoo after one START (audited as the platform), RUNNING, routed to Odoo again', async () => {
    const response = await edgeRequest(`${url}/web/health`, ca);
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ status: 'pass' });
    expect((await instance()).status).toBe('RUNNING');
    expect(await startsSinceHibernate()).toBe(1);
    const audits = await eventually(async () => ((await wakeAudits()).length > 0 ? wakeAudits() : undefined), 60_000, 'the audited wake');
    expect(audits).toEqual([{ action: 'instance.wake', targetId: instanceId, actor: null }]);
    await routedToOdoo();
  });

  it('20 concurrent first requests (health, JSON-RPC, XML-RPC): one START, all 20 answered 200 by Odoo with their bodies', async () => {
    await hibernateNow();
    const requests = Array.from({ length: 20 }, (_, i) => {
      if (i % 3 === 0) return edgeRequest(`${url}/web/health`, ca).then((r) => ({ ...r, expected: '{"status":"pass"}' }));
      const [type, body] = i % 3 === 1 ? ['application/json', JSON_RPC] : ['text/xml', XML_RPC];
      return edgeRequest(`${url}/cgi-bin/echo`, ca, { method: 'POST', headers: { 'content-type': type, 'content-length': String(Buffer.byteLength(body)) }, body }).then((r) => ({ ...r, expected: body }));
    });
    // While they are held, Caddy's config changes (as it does whenever any instance changes): they live through it.
    await eventually(async () => (['STARTING', 'RUNNING'].includes((await instance()).status) ? true : undefined), 60_000, 'the wake to start');
    const fallback = await (await fetch(`${caddy.adminUrl}/id/edge-fallback`)).text();
    expect((await fetch(`${caddy.adminUrl}/id/edge-fallback`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: fallback })).status).toBe(200);
    const answers = await Promise.all(requests);
    expect(answers.map((answer) => answer.status)).toEqual(Array.from({ length: 20 }, () => 200));
    for (const answer of answers) expect(answer.body).toBe(answer.expected);
    expect(answers.filter((answer) => answer.headers['x-echo-method'] === 'POST')).toHaveLength(13);
    expect((await instance()).status).toBe('RUNNING');
    expect(await startsSinceHibernate()).toBe(1);
    await eventually(async () => ((await wakeAudits()).length === 2 ? true : undefined), 60_000, 'a second audited wake');
    await routedToOdoo();
  });

  it('a browser gets "Starting your Odoo..." (503, Retry-After, reloading itself); its reload gets Odoo', async () => {
    await hibernateNow();
    const browser = { accept: 'text/html,application/xhtml+xml' };
    const first = await edgeRequest(`${url}/web/login`, ca, { headers: browser });
    expect(first.status).toBe(503);
    expect(first.headers['retry-after']).toBe('3');
    expect(first.body).toContain('Starting your Odoo...');
    expect(first.body).toMatch(/<meta http-equiv="refresh" content="3">/);
    const reloaded = await eventually(async () => {
      const page = await edgeRequest(`${url}/web/login`, ca, { headers: browser });
      return page.status === 200 ? page : undefined;
    }, 120_000, 'the reload to reach Odoo');
    expect(reloaded.body).toContain('(stand-in)');
    expect(await startsSinceHibernate()).toBe(1);
  });

  it('a wake that fails answers 503 with the reason, and the instance shows it', async () => {
    await waitForInstanceStatus(stack.gatewayUrl, owner, instanceId, 'RUNNING');
    await hibernateNow();
    const database = `odoo_${instanceId.replace(/-/g, '')}`;
    await queryOdooDb("insert into ir_config_parameter (key, value) values ('saas_standin.fail_health', '17.0') on conflict (key) do update set value = excluded.value", [], database);
    const response = await edgeRequest(`${url}/web/health`, ca);
    expect(response.status).toBe(503);
    expect(response.body).toMatch(/^The instance did not start: .*health/);
    const shown = await instance();
    expect(shown.status).toBe('FAILED');
    expect(shown.operations[0]).toMatchObject({ type: 'START', status: 'FAILED' });
    expect(response.body).toContain(shown.operations[0]!.error);
    await queryOdooDb("delete from ir_config_parameter where key = 'saas_standin.fail_health'", [], database);
  });
});
