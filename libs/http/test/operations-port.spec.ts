import http from 'node:http';
import { networkInterfaces } from 'node:os';
import { metricsEnv, parseEnv } from '@saas/config';
import express from 'express';
import { closeServer, listen, publicProbes, type ReadinessCheck, type RunningOperationsServer, startOperationsServer } from '../src';

const metrics = { contentType: 'text/plain; version=0.0.4', metrics: async () => 'up 1\n' };
let healthy = true;
const checks: ReadinessCheck[] = [
  {
    name: 'postgres',
    check: async () => {
      if (!healthy) throw new Error('connection refused');
    },
  },
];

describe('the operations port and the public probes', () => {
  const env = parseEnv(metricsEnv(9401), {});
  let operations: RunningOperationsServer;
  let publicServer: http.Server;
  let publicPort: number;
  let gatewayServer: http.Server;
  let gatewayPort: number;

  beforeAll(async () => {
    // METRICS_PORT 0: a free port; METRICS_HOST as defaulted.
    operations = await startOperationsServer({ service: 'auth', port: 0, host: env.METRICS_HOST, checks, metrics });
    const app = express();
    app.use(publicProbes('auth', checks));
    app.use((_req, res) => res.send('the rest of the public port'));
    publicServer = http.createServer(app);
    publicPort = await listen(publicServer, 0, '127.0.0.1');
    // The gateway's public port: no /ready, and a catch-all (the console) after the probes.
    const gateway = express();
    gateway.use(publicProbes('gateway'));
    gateway.use((_req, res) => res.send('<html>console</html>'));
    gatewayServer = http.createServer(gateway);
    gatewayPort = await listen(gatewayServer, 0, '127.0.0.1');
  });

  afterEach(() => {
    healthy = true;
  });

  afterAll(async () => {
    await operations.stop();
    await closeServer(publicServer);
    await closeServer(gatewayServer);
  });

  it('binds to loopback by default (METRICS_HOST), on the port the service defaults to', () => {
    expect(env).toEqual({ METRICS_PORT: 9401, METRICS_HOST: '127.0.0.1' });
    expect(parseEnv(metricsEnv(9401), { METRICS_PORT: '19401', METRICS_HOST: '0.0.0.0' })).toEqual({ METRICS_PORT: 19401, METRICS_HOST: '0.0.0.0' });
  });

  it('serves /metrics, the detailed /ready and /health on the operations port (loopback)', async () => {
    const base = `http://127.0.0.1:${operations.port}`;
    const scrape = await fetch(`${base}/metrics`);
    expect(scrape.status).toBe(200);
    expect(scrape.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await scrape.text()).toBe('up 1\n');
    expect(await (await fetch(`${base}/ready`)).json()).toEqual({ status: 'ready', service: 'auth', checks: [{ name: 'postgres', ok: true }] });
    healthy = false;
    const notReady = await fetch(`${base}/ready`);
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toEqual({ status: 'not ready', service: 'auth', checks: [{ name: 'postgres', ok: false, error: 'connection refused' }] });
    expect((await fetch(`${base}/health`)).status).toBe(200);
  });

  it('bound to loopback, is not reachable at the machine\'s other addresses', async () => {
    const external = Object.values(networkInterfaces())
      .flat()
      .find((address) => address && address.family === 'IPv4' && !address.internal)?.address;
    expect(operations.port).toBeGreaterThan(0);
    if (!external) return; // a machine with loopback only: nothing else to be reachable at
    const refused = await fetch(`http://${external}:${operations.port}/metrics`).then(
      () => 'answered',
      (error: Error & { cause?: { code?: string } }) => error.cause?.code,
    );
    expect(refused).toBe('ECONNREFUSED');
  });

  it('answers 404 on /metrics of a public port, and a bare /ready there without the checks', async () => {
    const base = `http://127.0.0.1:${publicPort}`;
    expect((await fetch(`${base}/metrics`)).status).toBe(404);
    expect((await fetch(`${base}/health`)).status).toBe(200);
    expect(await (await fetch(`${base}/ready`)).json()).toEqual({ status: 'ready' });
    healthy = false;
    const notReady = await fetch(`${base}/ready`);
    expect(notReady.status).toBe(503);
    expect(await notReady.text()).toBe('{"status":"not ready"}');
  });

  it('answers 404 on /metrics and /ready of the gateway\'s public port, before its console catch-all', async () => {
    const base = `http://127.0.0.1:${gatewayPort}`;
    expect((await fetch(`${base}/metrics`)).status).toBe(404);
    expect((await fetch(`${base}/ready`)).status).toBe(404);
    expect(await (await fetch(`${base}/health`)).json()).toEqual({ status: 'ok', service: 'gateway' });
    expect(await (await fetch(`${base}/sign-in`)).text()).toBe('<html>console</html>');
  });
});
