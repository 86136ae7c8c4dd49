import http from 'node:http';
import express from 'express';
import { type MetricsSource, operationsRouter, type ReadinessCheck } from './health';
import { closeServer, listen } from './server';

export interface OperationsServerConfig {
  service: string;
  /** METRICS_PORT (0: any free port). */
  port: number;
  /** METRICS_HOST: loopback by default; the internal network where a scraper runs elsewhere (compose). */
  host: string;
  checks: readonly ReadinessCheck[];
  metrics: MetricsSource;
}

export interface RunningOperationsServer {
  port: number;
  stop: () => Promise<void>;
}

/**
 * Every process's second, internal HTTP server: `/metrics`, the detailed `/ready` and
 * `/health` ({@link operationsRouter}), never on the public port, where a stranger could
 * read the process's internals.
 */
export async function startOperationsServer(config: OperationsServerConfig): Promise<RunningOperationsServer> {
  const app = express();
  app.disable('x-powered-by');
  app.use(operationsRouter(config.service, config.checks, config.metrics));
  const server = http.createServer(app);
  const port = await listen(server, config.port, config.host);
  return { port, stop: () => closeServer(server) };
}
