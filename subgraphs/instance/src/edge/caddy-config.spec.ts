import { baseConfig, canonical, desiredRoutes, dialAddress, type EdgeInstance, type EdgeSettings, fullConfig } from './caddy-config';

const settings: EdgeSettings = {
  adminListen: '127.0.0.1:2019',
  adminOrigin: '127.0.0.1:2019',
  baseDomain: 'odoo.localhost',
  scheme: 'https',
  httpPort: 80,
  httpsPort: 443,
  tls: 'internal',
  acmeEmail: undefined,
  askUrl: 'http://127.0.0.1:4005/edge/ask',
  accessLog: '',
  maxBodyBytes: 1024,
  wakerDial: '127.0.0.1:4090',
};

const running: EdgeInstance = { id: 'a', status: 'RUNNING', host: 'shop.odoo.localhost', directUrl: 'http://127.0.0.1:32768', domains: [{ id: 'd', domain: 'erp.example.com' }], maxBodyBytes: null };

describe('caddy config', () => {
  it('proxies a RUNNING instance and its ACTIVE domains to its Odoo, with X-Forwarded-* and a body limit', () => {
    const routes = desiredRoutes([running], settings);
    expect(routes.map((route) => route['@id'])).toEqual(['edge-instance-a', 'edge-domain-d']);
    expect(routes[1]!.match).toEqual([{ host: ['erp.example.com'] }]);
    const [, body, proxy] = routes[0]!.handle as Array<Record<string, unknown>>;
    expect(body).toEqual({ handler: 'request_body', max_size: 1024 });
    expect(proxy).toMatchObject({ handler: 'reverse_proxy', upstreams: [{ dial: '127.0.0.1:32768' }] });
    expect(Object.keys((proxy!.headers as { request: { set: object } }).request.set)).toEqual(['X-Forwarded-Host', 'X-Forwarded-Proto', 'X-Forwarded-For']);
    // An upload or a long report must outlive config changes, which cancel flush_interval -1 requests.
    expect(proxy!.flush_interval).toBeUndefined();
  });

  it("limits request bodies per route to the instance's plan, the edge's default without one", () => {
    const handlers = (instance: EdgeInstance) => desiredRoutes([instance], settings)[0]!.handle as Array<Record<string, unknown>>;
    const [refuse, body] = handlers({ ...running, maxBodyBytes: 5 * 1024 * 1024 });
    expect(body).toEqual({ handler: 'request_body', max_size: 5 * 1024 * 1024 });
    // A declared Content-Length above the limit is 413 before anything is read or proxied.
    expect(canonical(refuse)).toContain('int({http.request.header.Content-Length}) > 5242880');
    expect(canonical(refuse)).toContain('"status_code":413');
    expect(handlers(running)[1]).toEqual({ handler: 'request_body', max_size: 1024 });
  });

  it('answers the 503 page with the state when the instance does not run, or runs without a known upstream', () => {
    for (const instance of [{ ...running, status: 'STOPPED' as const }, { ...running, directUrl: null }]) {
      const [page] = desiredRoutes([instance], settings)[0]!.handle as Array<Record<string, unknown>>;
      expect(page).toMatchObject({ handler: 'static_response', status_code: 503, headers: { 'X-Instance-Status': [instance.status] } });
      expect(page!.body).toContain(instance.status);
    }
  });

  it('sends a HIBERNATED or STARTING instance to the waker, naming the instance in a header the client cannot set', () => {
    for (const status of ['HIBERNATED', 'STARTING'] as const) {
      const [body, proxy] = desiredRoutes([{ ...running, status }], settings)[0]!.handle as Array<Record<string, unknown>>;
      expect(body).toEqual({ handler: 'request_body', max_size: 1024 });
      expect(proxy).toMatchObject({ handler: 'reverse_proxy', upstreams: [{ dial: '127.0.0.1:4090' }] });
      expect((proxy!.headers as { request: { set: Record<string, string[]> } }).request.set).toMatchObject({ 'X-Edge-Instance': ['a'], 'X-Forwarded-Host': ['{http.request.hostport}'] });
      // A held request must outlive Caddy config changes, which cancel flush_interval -1 requests.
      expect(proxy!.flush_interval).toBeUndefined();
    }
  });

  it('ends with the 404 fallback; on-demand TLS asks the edge; ACME in production, no wildcard', () => {
    const config = fullConfig([running], settings) as { apps: { http: { servers: { edge: { routes: Array<{ '@id': string }> } } }; tls: unknown } };
    expect(config.apps.http.servers.edge.routes.at(-1)!['@id']).toBe('edge-fallback');
    expect(canonical(config.apps.tls)).toContain('"ask":"http://127.0.0.1:4005/edge/ask"');
    const acme = baseConfig({ ...settings, tls: 'acme', acmeEmail: 'ops@example.com' }) as { apps: { tls: { certificates?: unknown; automation: { policies: Array<{ issuers: unknown[] }> } } } };
    expect(acme.apps.tls.certificates).toBeUndefined();
    expect(acme.apps.tls.automation.policies[0]!.issuers).toEqual([{ module: 'acme', email: 'ops@example.com' }]);
  });

  it('canonical JSON ignores key order; dialAddress reads the worker URL', () => {
    expect(canonical({ b: 1, a: { d: 2, c: 3 } })).toBe(canonical({ a: { c: 3, d: 2 }, b: 1 }));
    expect(dialAddress('http://172.18.0.5:8069')).toBe('172.18.0.5:8069');
    expect(dialAddress('nonsense')).toBeNull();
  });
});
