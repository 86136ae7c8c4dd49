import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '@saas/logger';
import { InstanceWakes, type WakeBackend, type WakeState } from './instance-wakes';
import { EdgeWaker } from './waker';

/** Odoo stand-in: answers what it got (method, path, headers, body). */
async function echoServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString() })));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

class Backend implements WakeBackend {
  starts = 0;
  failWith: string | null = null;
  constructor(public current: WakeState) {}
  async state(): Promise<WakeState> {
    return this.current;
  }
  async queueStart(): Promise<{ operationId: string }> {
    this.starts += 1;
    this.current = { ...this.current, status: 'STARTING' };
    return { operationId: 'op' };
  }
  async operation(): Promise<{ status: string; error: string | null }> {
    return this.failWith ? { status: 'FAILED', error: this.failWith } : { status: 'RUNNING', error: null };
  }
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function request(port: number, options: { method?: string; path?: string; headers?: Record<string, string>; body?: string }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path ?? '/web/health', headers: options.headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('EdgeWaker', () => {
  const hibernated: WakeState = { status: 'HIBERNATED', directUrl: null, statusMessage: null, suspendedByBilling: false };
  let odoo: Awaited<ReturnType<typeof echoServer>>;
  let backend: Backend;
  let waker: EdgeWaker;
  let port: number;
  const logger = createLogger({ service: 'waker-spec', level: 'silent' });
  const serving = () => (backend.current = { status: 'RUNNING', directUrl: odoo.url, statusMessage: null, suspendedByBilling: false });

  beforeAll(async () => {
    odoo = await echoServer();
  });
  afterAll(() => odoo.close());

  beforeEach(async () => {
    backend = new Backend(hibernated);
    waker = new EdgeWaker(new InstanceWakes(backend, { timeoutMs: 5_000, pollMs: 10 }), { browserWaitMs: 50, retryAfterSeconds: 3 }, logger);
    port = await waker.listen(0, '127.0.0.1');
  });
  afterEach(() => waker.close());

  it('holds a JSON-RPC POST until the instance serves, then forwards it with its body and the edge headers, without X-Edge-Instance', async () => {
    const body = JSON.stringify({ jsonrpc: '2.0', method: 'call', params: { service: 'common', method: 'version', args: [] } });
    const answer = request(port, {
      method: 'POST',
      path: '/jsonrpc?x=1',
      body,
      headers: { 'content-type': 'application/json', host: 'shop.odoo.localhost:8443', 'x-forwarded-host': 'shop.odoo.localhost:8443', 'x-forwarded-proto': 'https', 'x-edge-instance': 'i' },
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(backend.starts).toBe(1);
    serving();
    const { status, body: echoed } = await answer;
    expect(status).toBe(200);
    const seen = JSON.parse(echoed) as { method: string; url: string; headers: Record<string, string>; body: string };
    expect(seen).toMatchObject({ method: 'POST', url: '/jsonrpc?x=1', body });
    expect(seen.headers).toMatchObject({ host: 'shop.odoo.localhost:8443', 'x-forwarded-host': 'shop.odoo.localhost:8443', 'x-forwarded-proto': 'https', 'content-type': 'application/json' });
    expect(seen.headers['x-edge-instance']).toBeUndefined();
  });

  it('a browser page load that would wait longer gets the self-reloading page (503, Retry-After); the reload is served', async () => {
    const browser = { accept: 'text/html,application/xhtml+xml', 'x-edge-instance': 'i' };
    const first = await request(port, { path: '/web/login', headers: browser });
    expect(first.status).toBe(503);
    expect(first.headers['retry-after']).toBe('3');
    expect(first.body).toContain('Starting your Odoo...');
    expect(first.body).toContain('<meta http-equiv="refresh" content="3">');
    serving();
    const reload = await request(port, { path: '/web/login', headers: browser });
    expect(reload.status).toBe(200);
    expect(backend.starts).toBe(1);
  });

  it('a failed wake answers 503 with the reason', async () => {
    const answer = request(port, { headers: { 'x-edge-instance': 'i' } });
    await new Promise((resolve) => setTimeout(resolve, 50));
    backend.failWith = 'Odoo did not answer /web/health within 180 s';
    const { status, body, headers } = await answer;
    expect(status).toBe(503);
    expect(headers['retry-after']).toBe('3');
    expect(body).toBe('The instance did not start: Odoo did not answer /web/health within 180 s\n');
  });

  it('a request without the instance header (not from the edge) is 404 and wakes nothing', async () => {
    expect((await request(port, {})).status).toBe(404);
    expect(backend.starts).toBe(0);
  });
});
