import http from 'node:http';
import { closeServer, healthRouter, listen, type ReadinessCheck } from '@saas/http';
import { metricsRegistry } from '@saas/telemetry';
import express from 'express';

/** `/health`, `/ready` and Prometheus `/metrics` on PORT (4010). */
export async function startHealthServer(
  port: number,
  host: string,
  checks: readonly ReadinessCheck[],
): Promise<{ port: number; stop: () => Promise<void> }> {
  const app = express();
  app.disable('x-powered-by');
  app.use(healthRouter('provisioning-worker', checks, metricsRegistry));
  const server = http.createServer(app);
  const bound = await listen(server, port, host);
  return { port: bound, stop: () => closeServer(server) };
}
