import { trace } from '@opentelemetry/api';
import { type InstanceJob, Queues, retryQueue } from '@saas/contracts';
import type { Logger } from '@saas/logger';
import { type AsyncMessage, type Connection, type Consumer, ConsumerStatus, resilientHandler, tracedHandler } from '@saas/messaging';
import { FINAL_STEP, position } from '../jobs/job-steps';
import type { WorkerMetrics } from '../metrics/worker-metrics';
import type { EventPublisher } from './event-publisher';
import type { InstanceLocks } from './instance-lock';
import type { JobLedger } from './job-ledger';
import type { JobRunner } from './job-runner';
import { parseJob } from './parse-job';
import { attemptOf, decideFailure, describeDelay, MAX_ATTEMPTS, retryHeaders } from './retry-policy';

export interface JobConsumerConfig {
  connection: Connection;
  events: EventPublisher;
  locks: InstanceLocks;
  ledger: JobLedger;
  runner: JobRunner;
  metrics: WorkerMetrics;
  concurrency: number;
  logger: Logger;
}

/**
 * Consumes `instance.jobs`: at most `concurrency` jobs at once, one per instance (advisory
 * lock), failures retried through the delay queues, the last failure dead-lettered.
 */
export class JobConsumer {
  private consumer: Consumer | undefined;
  private readonly running = new Set<Promise<unknown>>();
  private closing = false;

  constructor(private readonly config: JobConsumerConfig) {}

  start(): void {
    const { connection, concurrency, logger } = this.config;
    this.consumer = connection.createConsumer(
      {
        queue: Queues.instanceJobs,
        // Declared by declareTopology with its quorum arguments; only check it exists here.
        queueOptions: { passive: true },
        qos: { prefetchCount: concurrency },
        concurrency,
        requeue: true,
      },
      // Each job continues the trace of the request that queued it (headers of the message).
      // A dependency outage (broker, ledger database) holds the job and retries it with back-off
      // instead of spending its deliveries: an outage never dead-letters a job.
      tracedHandler(
        Queues.instanceJobs,
        resilientHandler(
          Queues.instanceJobs,
          (message) => {
            const handled = this.handle(message);
            this.running.add(handled);
            return handled.finally(() => this.running.delete(handled));
          },
          // A job that keeps throwing ends at the delivery limit, where the instance subgraph's
          // dead-jobs consumer fails its operation (a job rejected here would stay active).
          { logger, poisonStatus: ConsumerStatus.REQUEUE },
          () => this.closing,
        ),
      ),
    );
    this.consumer.on('error', (error: unknown) => logger.warn({ err: error }, 'job consumer error'));
  }

  get activeJobs(): number {
    return this.running.size;
  }

  /**
   * Stops taking jobs and waits up to `graceMs` for the running ones. Jobs still running
   * then stay unacknowledged: the broker redelivers them when the connection closes, and
   * the next worker adopts what they left.
   */
  async stop(graceMs: number): Promise<void> {
    if (!this.consumer) return;
    this.closing = true;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.consumer.close(),
      new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          if (this.running.size > 0) this.config.logger.warn({ jobs: this.running.size }, 'leaving running jobs to redelivery');
          resolve();
        }, graceMs);
      }),
    ]);
    clearTimeout(timer);
  }

  private async handle(message: AsyncMessage): Promise<ConsumerStatus> {
    const { logger, locks, runner, metrics } = this.config;
    const started = Date.now();
    const attempt = attemptOf(message.headers);
    if (message.redelivered) metrics.jobRedelivered();
    const parsed = parseJob(message.body);
    if (!parsed.ok) {
      logger.error({ reason: parsed.reason, messageId: message.messageId, redelivered: message.redelivered }, 'poison message dead-lettered');
      if (parsed.identity) {
        await this.config.events.operation({
          instanceId: parsed.identity.instanceId,
          operationId: parsed.identity.operationId,
          position: position(parsed.identity.operationSeq, attempt, FINAL_STEP.failed),
          operationStatus: 'FAILED',
          instanceStatus: 'FAILED',
          progress: 0,
          message: 'Operation failed',
          error: parsed.reason,
        });
      }
      metrics.jobFinished('unknown', 'poison', Date.now() - started);
      return ConsumerStatus.DROP;
    }
    const { job } = parsed;
    trace.getActiveSpan()?.setAttributes({
      'saas.job.type': job.type,
      'saas.job.attempt': attempt,
      'saas.operation.id': job.operationId,
      'saas.instance.id': job.instance.id,
      'saas.tenant.id': job.instance.tenantId,
    });
    let lockError: unknown;
    const release = await locks.tryAcquire(job.instance.id).catch((error: unknown) => {
      lockError = error;
      return undefined;
    });
    if (!release) {
      // Another job of this instance runs (here or in another worker), or the lock's database is
      // down: come back later.
      await this.republish(job, message, attempt, retryQueue(1));
      if (lockError === undefined) logger.info({ operationId: job.operationId, instanceId: job.instance.id }, 'instance busy; job deferred');
      else logger.warn({ err: lockError, operationId: job.operationId, instanceId: job.instance.id }, 'instance lock unavailable (its database is down); job deferred');
      metrics.jobFinished(job.type, 'deferred', Date.now() - started);
      return ConsumerStatus.ACK;
    }
    try {
      if (!(await this.config.ledger.begin(job.instance.id, job.operationSeq))) {
        logger.warn({ operationId: job.operationId, instanceId: job.instance.id, operationSeq: job.operationSeq }, 'stale job dropped: a later operation of the instance already started');
        metrics.jobFinished(job.type, 'stale', Date.now() - started);
        return ConsumerStatus.ACK;
      }
      metrics.jobStarted(job.type);
      const outcome = await runner.run(job, attempt);
      if (outcome.ok) {
        metrics.jobFinished(job.type, 'succeeded', Date.now() - started);
        return ConsumerStatus.ACK;
      }
      const decision = decideFailure(attempt, outcome.error.permanent);
      const base = {
        instanceId: job.instance.id,
        operationId: job.operationId,
        progress: outcome.progress,
      };
      if (decision.action === 'retry') {
        // The notice first: if it cannot be published, the job is redelivered as this same
        // attempt and repeats it, rather than a retry running unannounced. Its position is
        // below this attempt's SUCCEEDED/FAILED, so when the worker dies (or the republish
        // fails) after the notice was applied, the redelivered re-run of this attempt can
        // still end the operation.
        await this.config.events.operation({
          ...base,
          position: position(job.operationSeq, attempt, FINAL_STEP.retrying),
          operationStatus: 'RUNNING',
          message: `Attempt ${attempt} of ${MAX_ATTEMPTS} failed: ${outcome.error.message}. Retrying in ${describeDelay(decision.delayMs)}.`,
        });
        await this.republish(job, message, decision.nextAttempt, decision.queue);
        metrics.jobFinished(job.type, 'retried', Date.now() - started);
        return ConsumerStatus.ACK;
      }
      await this.config.events.operation({
        ...base,
        position: position(job.operationSeq, attempt, FINAL_STEP.failed),
        operationStatus: 'FAILED',
        instanceStatus: outcome.error.instanceStatus ?? 'FAILED',
        ...(outcome.error.verification ? { verification: outcome.error.verification } : {}),
        ...(outcome.error.backup ? { backup: outcome.error.backup } : {}),
        ...(outcome.error.facts ? { facts: outcome.error.facts } : {}),
        message: outcome.error.permanent
          ? 'Operation failed'
          : `Operation failed after ${attempt} attempt${attempt === 1 ? '' : 's'}`,
        error: outcome.error.message,
      });
      logger.error({ operationId: job.operationId, instanceId: job.instance.id, error: outcome.error.message }, 'job failed; dead-lettered');
      metrics.jobFinished(job.type, 'failed', Date.now() - started);
      return ConsumerStatus.DROP;
    } finally {
      await release();
    }
  }

  /** Publishes the job to a delay queue (default exchange) with the given attempt number. */
  private async republish(job: InstanceJob, message: AsyncMessage, attempt: number, queue: string): Promise<void> {
    await this.config.events.send(queue, job, '', retryHeaders(message.headers, attempt));
  }
}
