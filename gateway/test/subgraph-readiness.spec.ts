import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { subgraphReadinessCheck } from '../src/subgraph-readiness';

/** A stand-in subgraph answering `/health` 200 always and `/ready` with the given status. */
async function subgraphAnswering(readyStatus: number): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    res.statusCode = req.url === '/ready' ? readyStatus : req.url === '/health' ? 200 : 404;
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/graphql`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('subgraphReadinessCheck', () => {
  it('passes when every subgraph is ready', async () => {
    const a = await subgraphAnswering(200);
    const b = await subgraphAnswering(200);
    try {
      await expect(subgraphReadinessCheck(new Map([['a', a.url], ['b', b.url]])).check()).resolves.toBeUndefined();
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('fails when a subgraph is alive but not ready (e.g. its database is down), naming it', async () => {
    const ready = await subgraphAnswering(200);
    const noDatabase = await subgraphAnswering(503);
    try {
      const check = subgraphReadinessCheck(new Map([['user', noDatabase.url], ['auth', ready.url]]));
      await expect(check.check()).rejects.toThrow('not ready: user');
    } finally {
      await Promise.all([ready.close(), noDatabase.close()]);
    }
  });

  it('fails when a subgraph does not answer', async () => {
    const gone = await subgraphAnswering(200);
    await gone.close();
    await expect(subgraphReadinessCheck(new Map([['billing', gone.url]])).check()).rejects.toThrow('unreachable: billing');
  });
});
