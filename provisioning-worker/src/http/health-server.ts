import http from 'node:http';
import { closeServer, healthRouter, listen, type ReadinessCheck } from '@saas/http';
import express from 'express';

/**
 * `/health` and `/ready` on PORT (4010). Prometheus `/metrics` mounts here later, next to
 * them (see metrics/worker-metrics.ts).
 */
export async function startHealthServer(
  port: number,
  host: string,
  checks: readonly ReadinessCheck[],
): Promise<{ port: number; stop: () => Promise<void> }> {
  const app = express();
  app.disable('x-powered-by');
  app.use(healthRouter('provisioning-worker', checks));
  const server = http.createServer(app);
  const bound = await listen(server, port, host);
  return { port: bound, stop: () => closeServer(server) };
}
