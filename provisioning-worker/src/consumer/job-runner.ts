import { SpanStatusCode } from '@opentelemetry/api';
import type { InstanceJob, OperationType } from '@saas/contracts';
import type { Logger } from '@saas/logger';
import { decryptSecret, derivedSecret, MAIL_CATCHER_PURPOSE } from '@saas/secrets';
import { type ClassifiedError, classifyError, JobError } from '../errors';
import { instanceNames } from '../instance-names';
import { JOB_HANDLERS } from '../jobs';
import type { JobContext, JobHandler, JobServices } from '../jobs/job-context';
import { FINAL_STEP, IN_PROGRESS_STATUS, position, stepOf, type StepKey } from '../jobs/job-steps';
import type { EventPublisher } from './event-publisher';
import { inJobSpan, StepSpans } from './step-spans';

export type AttemptOutcome = { ok: true } | { ok: false; error: ClassifiedError; progress: number };

/** Runs one attempt of a job and reports its steps; the consumer decides what a failure means. */
export class JobRunner {
  constructor(
    private readonly services: JobServices,
    private readonly events: EventPublisher,
    private readonly secretsKey: Buffer,
    private readonly logger: Logger,
    /** Steps and outcomes as `platform` lines of the instance's live log (when watched). */
    private readonly platformLog: (instanceId: string, line: string) => Promise<void> = async () => undefined,
  ) {}

  run(job: InstanceJob, attempt: number): Promise<AttemptOutcome> {
    const attributes = { 'saas.job.attempt': attempt, 'saas.instance.id': job.instance.id, 'saas.operation.id': job.operationId };
    return inJobSpan(job.type, attributes, async (span) => {
      const outcome = await this.attempt(job, attempt);
      if (!outcome.ok) span.setStatus({ code: SpanStatusCode.ERROR, message: `${outcome.error.code}: ${outcome.error.message}` });
      return outcome;
    });
  }

  private async attempt(job: InstanceJob, attempt: number): Promise<AttemptOutcome> {
    // Job-scoped log lines name the instance, its tenant and the operation.
    const logger = this.logger.child({
      operationId: job.operationId,
      instanceId: job.instance.id,
      tenantId: job.instance.tenantId,
      type: job.type,
      attempt,
    });
    const steps = new StepSpans();
    let progress = 0;
    const report = async (key: string, message?: string) => {
      const step = stepOf(job.type, key as StepKey<OperationType>);
      steps.begin(step.key, { 'saas.job.step.number': step.number });
      progress = step.progress;
      logger.info({ step: step.key }, message ?? step.message);
      void this.platformLog(job.instance.id, `${job.type} ${step.progress}%: ${message ?? step.message}`);
      await this.events.progress({
        instanceId: job.instance.id,
        operationId: job.operationId,
        position: position(job.operationSeq, attempt, step.number),
        operationStatus: 'RUNNING',
        ...(step.key === 'started' ? { instanceStatus: IN_PROGRESS_STATUS[job.type] } : {}),
        progress: step.progress,
        message: message ?? step.message,
      });
    };
    try {
      await report('started', attempt > 1 ? `${stepOf(job.type, 'started').message} (attempt ${attempt})` : undefined);
      const context: JobContext = {
        job,
        attempt,
        names: instanceNames(job.instance.id),
        secrets: this.decryptSecrets(job),
        services: this.services,
        logger,
        step: report,
      };
      const handler = JOB_HANDLERS[job.type] as JobHandler<OperationType>;
      const result = await handler(context);
      steps.end();
      await this.events.operation({
        instanceId: job.instance.id,
        operationId: job.operationId,
        position: position(job.operationSeq, attempt, FINAL_STEP.succeeded),
        operationStatus: 'SUCCEEDED',
        instanceStatus: result.instanceStatus,
        progress: 100,
        message: result.message,
        ...(result.facts ? { facts: result.facts } : {}),
        ...(result.backup ? { backup: result.backup } : {}),
        ...(result.verification ? { verification: result.verification } : {}),
      });
      logger.info({ instanceStatus: result.instanceStatus }, 'job succeeded');
      void this.platformLog(job.instance.id, `${job.type} succeeded: ${result.message}`);
      return { ok: true };
    } catch (error) {
      const classified = classifyError(error);
      steps.end(classified);
      logger.warn({ err: error, code: classified.code, permanent: classified.permanent }, 'job attempt failed');
      void this.platformLog(job.instance.id, `${job.type} attempt ${attempt} failed: ${classified.message}`);
      return { ok: false, error: classified, progress };
    }
  }

  private decryptSecrets(job: InstanceJob): JobContext['secrets'] {
    try {
      return {
        databasePassword: decryptSecret(job.instance.secrets.databasePassword, this.secretsKey),
        adminPassword: decryptSecret(job.instance.secrets.adminPassword, this.secretsKey),
        mailPassword: derivedSecret(this.secretsKey, MAIL_CATCHER_PURPOSE, job.instance.id),
      };
    } catch {
      throw new JobError('INVALID_SECRET', 'the instance secrets cannot be decrypted with this worker\'s SECRETS_KEY');
    }
  }
}
