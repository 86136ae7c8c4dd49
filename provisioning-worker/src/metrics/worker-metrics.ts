import { deadLetterQueue, type OperationType, Queues } from '@saas/contracts';
import type { Connection } from '@saas/messaging';
import { counter, histogram, JOB_SECONDS_BUCKETS, observedGauge } from '@saas/telemetry';

export type JobOutcome = 'succeeded' | 'retried' | 'failed' | 'deferred' | 'poison' | 'stale';

/** What the worker counts; served as Prometheus metrics on `/metrics` of METRICS_PORT (9410). */
export interface WorkerMetrics {
  jobStarted(type: OperationType): void;
  jobFinished(type: OperationType | 'unknown', outcome: JobOutcome, durationMs: number): void;
  /** The broker delivered a job again (the worker that had it died or lost its connection). */
  jobRedelivered(): void;
}

export const noMetrics: WorkerMetrics = {
  jobStarted: () => undefined,
  jobFinished: () => undefined,
  jobRedelivered: () => undefined,
};

/** prom-client counters and a duration histogram per job type and outcome. */
export function prometheusWorkerMetrics(): WorkerMetrics {
  const started = counter<'type'>({ name: 'worker_jobs_started_total', help: 'Jobs that began running, by type', labelNames: ['type'] });
  const finished = counter<'type' | 'outcome'>({
    name: 'worker_jobs_finished_total',
    help: 'Job deliveries handled, by type and outcome (succeeded, retried, failed, deferred, poison, stale)',
    labelNames: ['type', 'outcome'],
  });
  const duration = histogram<'type' | 'outcome'>({
    name: 'worker_job_duration_seconds',
    help: 'Time spent on one job delivery, by type and outcome',
    labelNames: ['type', 'outcome'],
    buckets: JOB_SECONDS_BUCKETS,
  });
  const redelivered = counter({ name: 'worker_job_redeliveries_total', help: 'Job messages the broker delivered again' });
  return {
    jobStarted: (type) => started.inc({ type }),
    jobFinished: (type, outcome, durationMs) => {
      finished.inc({ type, outcome });
      duration.observe({ type, outcome }, durationMs / 1000);
    },
    jobRedelivered: () => redelivered.inc(),
  };
}

/**
 * `worker_queue_messages{queue}`: jobs waiting (ready, not yet delivered) in `instance.jobs`
 * and its dead-letter queue, asked of the broker with a passive declare when scraped.
 */
export function observeQueueDepth(connection: Connection): void {
  const queues = [Queues.instanceJobs, deadLetterQueue(Queues.instanceJobs)];
  observedGauge({ name: 'worker_queue_messages', help: 'Messages ready in the job queues', labelNames: ['queue'] }, async (gauge) => {
    if (!connection.ready) return;
    for (const queue of queues) {
      const { messageCount } = await connection.queueDeclare({ queue, passive: true });
      gauge.set({ queue }, messageCount);
    }
  });
}
