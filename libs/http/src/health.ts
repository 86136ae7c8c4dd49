import type { Router } from 'express';
import express from 'express';

/** A dependency the service needs to do its work (database, broker, cache ...). */
export interface ReadinessCheck {
  name: string;
  check: () => Promise<unknown>;
}

/** What `GET /metrics` serves: a Prometheus registry (prom-client's `Registry` is one). */
export interface MetricsSource {
  contentType: string;
  metrics(): Promise<string>;
}

export interface CheckResult {
  name: string;
  ok: boolean;
  error?: string;
}

const CHECK_TIMEOUT_MS = 2_000;

/** Every check, run now (each bounded by 2 s): readiness returns by itself once a dependency is back. */
export async function runChecks(checks: readonly ReadinessCheck[]): Promise<{ ready: boolean; results: CheckResult[] }> {
  const results = await Promise.all(checks.map(runCheck));
  return { ready: results.every((result) => result.ok), results };
}

/**
 * What a public port says about the process: `GET /health` (alive), and with `checks` a
 * bare `GET /ready` (200 ready / 503 not ready, nothing else: which dependency failed and
 * why is for the operations port, {@link operationsRouter}). The gateway probes each
 * subgraph's `/ready` at the routing URL it knows; the gateway's own public port has no
 * `/ready`. `/metrics` and an unserved `/ready` answer 404 here, before anything mounted
 * later (the gateway's console would otherwise serve its page for them).
 */
export function publicProbes(service: string, checks?: readonly ReadinessCheck[]): Router {
  const router = express.Router();
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok', service });
  });
  if (checks) {
    router.get('/ready', async (_req, res) => {
      const { ready } = await runChecks(checks);
      res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready' });
    });
  }
  router.all(checks ? ['/metrics'] : ['/metrics', '/ready'], (_req, res) => {
    res.status(404).type('text/plain').send('Not Found');
  });
  return router;
}

/**
 * The operations port (METRICS_PORT): `GET /health`, `GET /ready` with every check named
 * (503 with the failing ones and their errors) and `GET /metrics` (Prometheus text).
 */
export function operationsRouter(service: string, checks: readonly ReadinessCheck[], metrics: MetricsSource): Router {
  const router = express.Router();
  router.get('/metrics', async (_req, res) => {
    try {
      const body = await metrics.metrics();
      res.type(metrics.contentType).send(body);
    } catch (error) {
      res.status(500).type('text/plain').send(`metrics unavailable: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok', service });
  });
  router.get('/ready', async (_req, res) => {
    const { ready, results } = await runChecks(checks);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', service, checks: results });
  });
  return router;
}

async function runCheck({ name, check }: ReadinessCheck): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      }),
    ]);
    return { name, ok: true };
  } catch (error) {
    return { name, ok: false, error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}
