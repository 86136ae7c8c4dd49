import { dataOf, graphql, TestStack, testDocker } from '@saas/testing';
import { createInstance, createTenant, eventually, signUp, type TestTenant, type TestUser, waitForInstanceStatus } from '../support/fixtures';
import { CREATE_PLAN, planInput, staffUser, SUBSCRIBE } from '../billing/support';
import { buildOwnStandinImage, OWN_STANDIN_IMAGE } from '../support/standin-image';
import { edgeGet, edgeRequest, type EdgeResponse, edgeWebSocketEcho, TestCaddy, TestDns } from './support/edge-processes';

interface DomainNode {
  id: string;
  domain: string;
  status: string;
  dnsTarget: string;
}

const DOMAIN_FIELDS = 'id domain status dnsTarget';
const ADD = `mutation($instanceId: ID!, $domain: String!) { addInstanceDomain(instanceId: $instanceId, domain: $domain) { ${DOMAIN_FIELDS} } }`;
const VERIFY = `mutation($id: ID!) { verifyInstanceDomain(id: $id) { ${DOMAIN_FIELDS} } }`;
const REMOVE = 'mutation($id: ID!) { removeInstanceDomain(id: $id) }';
const operation = (name: string) => `mutation($id: ID!) { ${name}(id: $id) { id } }`;

/** The edge: a real Caddy programmed through its admin API, real HTTPS trusting its local CA, a real dnsmasq. */
describe('edge: every instance answers at its URL through Caddy', () => {
  let caddy: TestCaddy;
  let dns: TestDns;
  let stack: TestStack;
  let owner: TestUser;
  let tenant: TestTenant;
  let instanceId: string;
  let url: string;
  let ca: Buffer;
  const suffix = `${Date.now().toString(36)}`;
  const domain = `erp-${suffix}.example.test`;

  const as = <T>(query: string, variables: Record<string, unknown>) => graphql<T>(stack.gatewayUrl, query, variables, { token: owner.accessToken });
  /** Retries until the edge answers `status` (routes change within a reconcile round). */
  const answers = (target: string, status: number) =>
    eventually(
      async () => {
        const response = await edgeGet(target, ca).catch(() => undefined);
        return response?.status === status ? response : undefined;
      },
      60_000,
      `${target} answering ${status}`,
    );

  beforeAll(async () => {
    caddy = await TestCaddy.start();
    dns = await TestDns.start({ hosts: {}, cnames: {} });
    stack = await TestStack.start({
      // This checkout's stand-in (its /websocket echo), whatever another checkout builds meanwhile.
      env: { ODOO_IMAGE: buildOwnStandinImage(OWN_STANDIN_IMAGE, ['16.0', '17.0', '18.0']) },
      serviceEnv: {
        // Snapshots every second: a container's new port reaches the edge within seconds.
        worker: { RECONCILE_INTERVAL_MS: '1000' },
        instance: {
          EDGE_ADMIN_URL: caddy.adminUrl,
          EDGE_HTTP_PORT: String(caddy.httpPort),
          EDGE_HTTPS_PORT: String(caddy.httpsPort),
          EDGE_RECONCILE_INTERVAL_MS: '1000',
          EDGE_ACCESS_LOG: caddy.accessLog,
          DNS_SERVERS: dns.server,
        },
      },
    });
    owner = await signUp(stack.gatewayUrl, 'edge');
    tenant = await createTenant(stack.gatewayUrl, owner);
    // A plan whose instances accept request bodies up to 1 MiB at their URL.
    const staff = await staffUser(stack);
    const plan = { ...planInput(), uploadMaxMb: 1 };
    dataOf(await graphql(stack.gatewayUrl, CREATE_PLAN, { input: plan }, { token: staff.accessToken }));
    dataOf(await as(SUBSCRIBE, { tenantId: tenant.id, planCode: plan.code }));
    const created = dataOf(await createInstance(stack.gatewayUrl, owner, { tenantId: tenant.id })).createInstance;
    instanceId = created.instance.id;
    await waitForInstanceStatus(stack.gatewayUrl, owner, instanceId, 'RUNNING');
    url = dataOf(await as<{ instance: { url: string } }>('query($id: ID!) { instance(id: $id) { url } }', { id: instanceId })).instance.url;
    // The internal CA is created when Caddy first gets a TLS config.
    ca = await eventually(() => caddy.rootCertificate().catch(() => undefined), 30_000, "Caddy's root certificate");
  });

  afterAll(async () => {
    await stack?.teardown();
    await caddy?.stop();
    await dns?.stop();
  });

  it('RUNNING: 200 on /web/health at Instance.url, over HTTPS trusted through the local CA, with X-Forwarded-* for Odoo', async () => {
    const host = new URL(url).host;
    expect(url).toBe(`https://${new URL(url).hostname}:${caddy.httpsPort}`);
    const response = await answers(`${url}/web/health`, 200);
    expect(JSON.parse(response.body)).toMatchObject({ status: 'pass' });
    expect(response.certificate.subjectaltname).toContain(`*.odoo.localhost`);
    const forwarded = await edgeGet(`${url}/cgi-bin/forwarded`, ca);
    expect(JSON.parse(forwarded.body)).toEqual({ host, forwardedHost: host, forwardedProto: 'https', forwardedFor: '127.0.0.1' });
  });

  it('a websocket upgrade on /websocket reaches the instance (Odoo 16+ bus): through Caddy over HTTPS, echoed', async () => {
    const messages = ['{"event_name":"subscribe","data":{"channels":[]}}', `hello ${suffix}`, 'x'.repeat(70_000)];
    expect(await edgeWebSocketEcho(`${url}/websocket`, ca, messages)).toEqual(messages);
  });

  it('the container restarted (a new published port): the URL answers again without any API call', async () => {
    const directUrl = async () =>
      dataOf(await as<{ instance: { directUrl: string | null } }>('query($id: ID!) { instance(id: $id) { directUrl } }', { id: instanceId })).instance.directUrl;
    const before = await directUrl();
    // What an engine restart does to every container: stopped, started, published elsewhere.
    await testDocker().getContainer(`odoo-${instanceId}`).restart({ t: 1 });
    const after = await eventually(async () => {
      const now = await directUrl();
      return now && now !== before ? now : undefined;
    }, 60_000, 'directUrl following the new port');
    expect(new URL(after).port).not.toBe(new URL(before!).port);
    const response = await answers(`${url}/web/health`, 200);
    expect(JSON.parse(response.body)).toMatchObject({ status: 'pass' });
    // A snapshot taken while it was down may have queued a RESTART repair: let it finish, so the
    // next operations of this suite are not refused as concurrent.
    await eventually(async () => {
      const { instance } = dataOf(await as<{ instance: { status: string; currentOperation: { id: string } | null } }>('query($id: ID!) { instance(id: $id) { status currentOperation { id } } }', { id: instanceId }));
      return instance.status === 'RUNNING' && !instance.currentOperation ? true : undefined;
    }, 60_000, 'the instance RUNNING with no operation in flight');
    await answers(`${url}/web/health`, 200);
  });

  it("request bodies up to the plan's upload size (1 MiB): a larger one is 413 at the edge, a smaller one reaches Odoo whole", async () => {
    const under = await edgeRequest(`${url}/cgi-bin/upload`, ca, { method: 'POST', body: Buffer.alloc(900 * 1024, 7) });
    expect(under.status).toBe(200);
    expect(JSON.parse(under.body)).toEqual({ bytes: 900 * 1024 });
    const over = await edgeRequest(`${url}/cgi-bin/upload`, ca, { method: 'POST', body: Buffer.alloc(1024 * 1024 + 1, 7) });
    expect(over.status).toBe(413);
    expect(over.body).toContain('1 MiB');
  });

  it('an unknown host under the base domain is 404', async () => {
    const response = await edgeGet(`https://nobody-${suffix}.odoo.localhost:${caddy.httpsPort}/web/health`, ca);
    expect(response.status).toBe(404);
  });

  it('Caddy killed and restarted: every route is back without any API call', async () => {
    await caddy.kill();
    await caddy.run();
    const response = await answers(`${url}/web/health`, 200);
    expect(JSON.parse(response.body)).toMatchObject({ status: 'pass' });
  });

  it('a custom domain: not routed while PENDING_VERIFICATION, ACTIVE after its CNAME, served with a certificate for its name', async () => {
    const added = dataOf(await as<{ addInstanceDomain: DomainNode }>(ADD, { instanceId, domain })).addInstanceDomain;
    expect(added.status).toBe('PENDING_VERIFICATION');
    const pending = dataOf(await as<{ verifyInstanceDomain: DomainNode }>(VERIFY, { id: added.id })).verifyInstanceDomain;
    expect(pending.status).toBe('PENDING_VERIFICATION');
    // Not routed: no certificate is issued for it (ask says no), so the handshake fails.
    await expect(edgeGet(`https://${domain}:${caddy.httpsPort}/web/health`, ca)).rejects.toThrow();
    const ask = (name: string) => fetch(`${stack.url('instance', '/edge/ask')}?domain=${encodeURIComponent(name)}`).then((r) => r.status);
    expect(await ask(domain)).toBe(404);

    await dns.serve({ hosts: { [added.dnsTarget]: '127.0.0.1' }, cnames: { [domain]: added.dnsTarget } });
    const active = dataOf(await as<{ verifyInstanceDomain: DomainNode }>(VERIFY, { id: added.id })).verifyInstanceDomain;
    expect(active.status).toBe('ACTIVE');
    expect(await ask(domain)).toBe(200);
    expect(await ask(`other-${suffix}.example.test`)).toBe(404);
    expect(await ask(new URL(url).hostname)).toBe(404);

    const response = await answers(`https://${domain}:${caddy.httpsPort}/web/health`, 200);
    expect(JSON.parse(response.body)).toMatchObject({ status: 'pass' });
    expect(response.certificate.subjectaltname).toBe(`DNS:${domain}`);
    // Any other name gets no certificate.
    await expect(edgeGet(`https://other-${suffix}.example.test:${caddy.httpsPort}/web/health`, ca)).rejects.toThrow();

    expect(dataOf(await as<{ removeInstanceDomain: boolean }>(REMOVE, { id: added.id })).removeInstanceDomain).toBe(true);
    expect(await ask(domain)).toBe(404);
    await answers(`https://${domain}:${caddy.httpsPort}/web/health`, 404);
  });

  it('stop -> the platform page, 503 with the state; start -> 200 again', async () => {
    await as(operation('stopInstance'), { id: instanceId });
    await waitForInstanceStatus(stack.gatewayUrl, owner, instanceId, 'STOPPED');
    const stopped: EdgeResponse = await answers(`${url}/web/health`, 503);
    expect(stopped.body).toContain('STOPPED');
    expect(stopped.headers['x-instance-status']).toBe('STOPPED');

    await as(operation('startInstance'), { id: instanceId });
    await waitForInstanceStatus(stack.gatewayUrl, owner, instanceId, 'RUNNING');
    await answers(`${url}/web/health`, 200);
  });

  it('Caddy writes its access log where the edge reads it (the idleness input of hibernation)', async () => {
    // The edge reads Caddy's access log every round; what it saw is the hibernation input.
    const line = await eventually(
      async () => {
        const { readFile } = await import('node:fs/promises');
        const text = await readFile(caddy.accessLog, 'utf8').catch(() => '');
        return text.includes(new URL(url).hostname) ? true : undefined;
      },
      30_000,
      'an access log line for the instance',
    );
    expect(line).toBe(true);
  });

  it('delete -> 404', async () => {
    await as(operation('deleteInstance'), { id: instanceId });
    await waitForInstanceStatus(stack.gatewayUrl, owner, instanceId, 'DELETED');
    await answers(`${url}/web/health`, 404);
  });
});
