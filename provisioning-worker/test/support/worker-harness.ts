import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import {
  Exchanges,
  type InstanceJob,
  type ObservationEvent,
  type OperationEvent,
  type OperationType,
  Queues,
  type WorkerEvent,
} from '@saas/contracts';
import { connectBroker, declareTopology, waitForBroker, type Connection, type Consumer } from '@saas/messaging';
import { createLogger } from '@saas/logger';
import { DEV_SECRETS_KEY, encryptSecret, parseSecretsKey, randomPassword } from '@saas/secrets';
import { REPO_ROOT, ServiceProcess } from '@saas/stack';
import {
  createVhost,
  deleteVhost,
  dropOdooEnvDatabases,
  freePort,
  removeEnvDockerResources,
} from '@saas/testing';

const quiet = createLogger({ service: 'worker-test', level: 'silent' });

export interface TestInstance {
  id: string;
  tenantId: string;
  subdomain: string;
  odooVersion: string;
  /** Plaintext secrets (the job carries them encrypted). */
  databasePassword: string;
  adminPassword: string;
}

export function newTestInstance(odooVersion = '17.0'): TestInstance {
  const id = randomUUID();
  return {
    id,
    tenantId: randomUUID(),
    subdomain: `t-${id.slice(0, 8)}`,
    odooVersion,
    databasePassword: randomPassword(),
    adminPassword: randomPassword(),
  };
}

/**
 * One worker test run: its own RabbitMQ vhost, its own SAAS_ENV (labels, database comments)
 * and backup directory, the worker as real child processes, and a queue that records every
 * event the worker publishes. `teardown` removes all of it, whatever state the test left.
 */
export class WorkerHarness {
  readonly events: WorkerEvent[] = [];
  readonly workers: ServiceProcess[] = [];
  private sequence = 0;
  private eventConsumer: Consumer | undefined;

  private constructor(
    readonly runId: string,
    readonly env: Record<string, string>,
    readonly connection: Connection,
  ) {}

  static async create(env: Record<string, string> = {}): Promise<WorkerHarness> {
    const runId = `w${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
    const vhost = `saas-test-${runId}`;
    const amqpUrl = await createVhost(vhost);
    const fullEnv: Record<string, string> = {
      NODE_ENV: 'test',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'info',
      AMQP_URL: amqpUrl,
      SAAS_ENV: `test-${runId}`,
      // Live logs: keys of its own (nothing watches them here).
      REDIS_PREFIX: `saas-test:${runId}:`,
      ODOO_IMAGE: 'saas-odoo-standin',
      BACKUP_DIR: path.join(REPO_ROOT, '.run', 'test-backups', runId),
      RECONCILE_INTERVAL_MS: '1000',
      HEALTH_TIMEOUT_MS: '60000',
      ...env,
    };
    const connection = connectBroker(amqpUrl, quiet, `worker-test-${runId}`);
    const harness = new WorkerHarness(runId, fullEnv, connection);
    try {
      await waitForBroker(connection);
      await declareTopology(connection);
      await harness.recordEvents();
    } catch (error) {
      await harness.teardown();
      throw error;
    }
    return harness;
  }

  get saasEnv(): string {
    return this.env.SAAS_ENV!;
  }

  get backupDir(): string {
    return this.env.BACKUP_DIR!;
  }

  /** Starts one worker process and waits until `/ready` (on its operations port, METRICS_PORT). */
  async startWorker(extraEnv: Record<string, string> = {}): Promise<ServiceProcess> {
    const port = await freePort();
    const metricsPort = await freePort();
    const worker = ServiceProcess.spawn({
      name: `worker-${this.workers.length + 1}`,
      entry: 'provisioning-worker/src/main.ts',
      env: { ...this.env, PORT: String(port), METRICS_PORT: String(metricsPort), ...extraEnv },
      logFile: path.join(REPO_ROOT, '.run', 'test-logs', this.runId, `worker-${this.workers.length + 1}.log`),
    });
    this.workers.push(worker);
    await worker.waitReady(`http://127.0.0.1:${metricsPort}/ready`, 60_000);
    return worker;
  }

  /** A job as the instance subgraph would send it (secrets encrypted with the dev key). */
  job(type: OperationType, instance: TestInstance, extra: Partial<InstanceJob> = {}): InstanceJob {
    const key = parseSecretsKey(DEV_SECRETS_KEY);
    this.sequence += 1;
    return {
      operationId: randomUUID(),
      operationSeq: this.sequence,
      type,
      instance: {
        id: instance.id,
        tenantId: instance.tenantId,
        subdomain: instance.subdomain,
        odooVersion: instance.odooVersion,
        modules: ['sale'],
        resources: { cpuMillicores: 500, memoryMb: 256, storageGb: 5 },
        secrets: {
          databasePassword: encryptSecret(instance.databasePassword, key),
          adminPassword: encryptSecret(instance.adminPassword, key),
        },
      },
      requestedAt: new Date().toISOString(),
      ...extra,
    };
  }

  /** Publishes to `instance.jobs` like the outbox relay (default exchange, confirmed). */
  async publish(body: unknown, options: { contentType?: string; headers?: Record<string, unknown> } = {}): Promise<void> {
    const publisher = this.connection.createPublisher({ confirm: true });
    try {
      await publisher.send(
        { exchange: '', routingKey: Queues.instanceJobs, durable: true, contentType: options.contentType ?? 'application/json', headers: options.headers },
        body,
      );
    } finally {
      await publisher.close();
    }
  }

  operationEvents(operationId: string): OperationEvent[] {
    return this.events.filter((event): event is OperationEvent => event.kind === 'operation' && event.operationId === operationId);
  }

  observations(): ObservationEvent[] {
    return this.events.filter((event): event is ObservationEvent => event.kind === 'observation');
  }

  /** Waits for an event matching `predicate` (already received or still to come). */
  async waitForEvent<T extends WorkerEvent>(predicate: (event: WorkerEvent) => event is T, timeoutMs?: number): Promise<T>;
  async waitForEvent(predicate: (event: WorkerEvent) => boolean, timeoutMs?: number): Promise<WorkerEvent>;
  async waitForEvent(predicate: (event: WorkerEvent) => boolean, timeoutMs = 120_000): Promise<WorkerEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find(predicate);
      if (found) return found;
      if (Date.now() > deadline) {
        throw new Error(`no matching worker event after ${timeoutMs} ms; got:\n${this.describeEvents()}\n${this.workerTails()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Waits until the operation ends (SUCCEEDED or FAILED) and returns its final event. */
  async waitForOutcome(operationId: string, timeoutMs = 120_000): Promise<OperationEvent> {
    const event = await this.waitForEvent(
      (e) => e.kind === 'operation' && e.operationId === operationId && (e.operationStatus === 'SUCCEEDED' || e.operationStatus === 'FAILED'),
      timeoutMs,
    );
    return event as OperationEvent;
  }

  /** Publishes a job and waits for its outcome. */
  async run(job: InstanceJob, timeoutMs?: number): Promise<OperationEvent> {
    await this.publish(job);
    return this.waitForOutcome(job.operationId, timeoutMs);
  }

  /** Takes one message from a queue (dead-letter checks), waiting for it to arrive. */
  async takeMessage(queue: string, timeoutMs = 30_000): Promise<{ body: unknown; headers: Record<string, unknown> }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const message = await this.connection.basicGet({ queue, noAck: true });
      if (message) return { body: message.body, headers: (message.headers ?? {}) as Record<string, unknown> };
      if (Date.now() > deadline) throw new Error(`no message in ${queue} after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  describeEvents(): string {
    return this.events
      .map((e) =>
        e.kind === 'operation'
          ? `${e.operationId.slice(0, 8)} ${e.position.attempt}/${e.position.step} ${e.operationStatus} ${e.instanceStatus ?? ''} ${e.progress}% ${e.message ?? ''} ${e.error ?? ''}`
          : `observation ${e.containers.length} containers`,
      )
      .filter((line) => !line.startsWith('observation'))
      .join('\n');
  }

  workerTails(): string {
    return this.workers.map((worker) => `--- ${worker.name}\n${worker.tail(15)}`).join('\n');
  }

  async teardown(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.stop(15_000)));
    await this.eventConsumer?.close().catch(() => undefined);
    await this.connection.close().catch(() => undefined);
    await removeEnvDockerResources(this.saasEnv).catch(() => undefined);
    await dropOdooEnvDatabases(this.saasEnv).catch(() => undefined);
    await rm(this.backupDir, { recursive: true, force: true });
    await this.deleteVhostSurely(`saas-test-${this.runId}`);
  }

  /** `deleteVhost` ignores failures (rabbitmqctl is sometimes busy): check, and try again. */
  private async deleteVhostSurely(vhost: string): Promise<void> {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await deleteVhost(vhost);
      const { stdout } = await promisify(execFile)('rabbitmqctl', ['-q', 'list_vhosts']).catch(() => ({ stdout: vhost }));
      if (!stdout.split('\n').some((line) => line.trim() === vhost)) return;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }

  private async recordEvents(): Promise<void> {
    const queue = `test.events.${this.runId}`;
    this.eventConsumer = this.connection.createConsumer(
      {
        queue,
        queueOptions: { exclusive: true, autoDelete: true },
        queueBindings: [{ queue, exchange: Exchanges.instanceEvents, routingKey: '#' }],
      },
      (message) => {
        this.events.push(message.body as WorkerEvent);
      },
    );
    await new Promise<void>((resolve, reject) => {
      this.eventConsumer!.once('ready', resolve);
      this.eventConsumer!.once('error', reject);
    });
  }
}
