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

const CHECK_TIMEOUT_MS = 2_000;

/**
 * `GET /health`: the process is alive. `GET /ready`: every dependency answers now; 503
 * with the failing ones named otherwise. Checks run on each request, so readiness returns
 * by itself once a dependency is back. `GET /metrics`: Prometheus text, when given a source.
 */
export function healthRouter(service: string, checks: readonly ReadinessCheck[], metrics?: MetricsSource): Router {
  const router = express.Router();
  if (metrics) {
    router.get('/metrics', async (_req, res) => {
      try {
        const body = await metrics.metrics();
        res.type(metrics.contentType).send(body);
      } catch (error) {
        res.status(500).type('text/plain').send(`metrics unavailable: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
  }
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok', service });
  });
  router.get('/ready', async (_req, res) => {
    const results = await Promise.all(checks.map(runCheck));
    const ready = results.every((r) => r.ok);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', service, checks: results });
  });
  return router;
}

async function runCheck({ name, check }: ReadinessCheck): Promise<{ name: string; ok: boolean; error?: string }> {
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
