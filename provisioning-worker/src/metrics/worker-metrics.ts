import type { OperationType } from '@saas/contracts';

export type JobOutcome = 'succeeded' | 'retried' | 'failed' | 'deferred' | 'poison' | 'stale';

/**
 * What the worker counts. Prometheus `/metrics` comes with a later issue: it implements
 * this interface (prom-client counters and a duration histogram) and mounts its route on
 * the worker's HTTP server (http/health-server.ts); until then nothing is recorded.
 */
export interface WorkerMetrics {
  jobStarted(type: OperationType): void;
  jobFinished(type: OperationType | 'unknown', outcome: JobOutcome, durationMs: number): void;
}

export const noMetrics: WorkerMetrics = {
  jobStarted: () => undefined,
  jobFinished: () => undefined,
};
