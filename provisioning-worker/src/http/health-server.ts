import http from 'node:http';
import { closeServer, listen, publicProbes, type ReadinessCheck, startOperationsServer } from '@saas/http';
import { metricsRegistry } from '@saas/telemetry';
import express from 'express';

export interface HealthServerConfig {
  /** PORT (4010): `/health` only. */
  port: number;
  host: string;
  /** METRICS_PORT (9410) on METRICS_HOST: `/metrics` and the detailed `/ready`. */
  operations: { port: number; host: string };
  checks: readonly ReadinessCheck[];
}

/** The worker's probes: liveness on PORT, readiness and Prometheus metrics on the operations port (libs/http). */
export async function startHealthServer(config: HealthServerConfig): Promise<{ port: number; operationsPort: number; stop: () => Promise<void> }> {
  const operations = await startOperationsServer({ service: 'provisioning-worker', ...config.operations, checks: config.checks, metrics: metricsRegistry });
  const app = express();
  app.disable('x-powered-by');
  app.use(publicProbes('provisioning-worker'));
  const server = http.createServer(app);
  const bound = await listen(server, config.port, config.host);
  return {
    port: bound,
    operationsPort: operations.port,
    stop: async () => {
      await closeServer(server);
      await operations.stop();
    },
  };
}
