import { deadLetterQueue, type InstanceJob, Queues } from '@saas/contracts';
import { connectBroker, type Connection, type Consumer, declareTopology, waitForBroker } from '@saas/messaging';
import { createVhost, deleteVhost } from '@saas/testing';
import { startDeadJobsConsumer } from '../src/consumers/dead-jobs.consumer';
import type { InstanceOperation } from '../src/entities/instance-operation.entity';
import { ApplierHarness, silentLogger } from './support/applier-harness';

describe('dead-lettered jobs (real RabbitMQ, PostgreSQL and Redis)', () => {
  let harness: ApplierHarness;
  let connection: Connection;
  let consumer: Consumer;
  let vhost: string;

  beforeAll(async () => {
    harness = await ApplierHarness.create();
    vhost = `saas-test-${harness.runId}`;
    connection = connectBroker(await createVhost(vhost), silentLogger, 'dead-jobs-test');
    await waitForBroker(connection);
    await declareTopology(connection);
    consumer = startDeadJobsConsumer({
      connection,
      applier: harness.applier,
      publish: (messages) => harness.publisher.publish(messages),
      logger: silentLogger,
    });
  });

  afterAll(async () => {
    await consumer?.close();
    await connection?.close();
    if (vhost) await deleteVhost(vhost);
    await harness?.teardown();
  });

  /** The job message of an operation, as the outbox relay publishes it. */
  const publishJob = async (operation: InstanceOperation) => {
    const job: Pick<InstanceJob, 'operationId' | 'operationSeq' | 'type' | 'requestedAt'> & { instance: { id: string; tenantId: string } } = {
      operationId: operation.id,
      operationSeq: operation.seq,
      type: operation.type,
      instance: { id: operation.instanceId, tenantId: operation.tenantId },
      requestedAt: new Date().toISOString(),
    };
    const publisher = connection.createPublisher({ confirm: true });
    try {
      await publisher.send({ exchange: '', routingKey: Queues.instanceJobs, durable: true, contentType: 'application/json' }, job);
    } finally {
      await publisher.close();
    }
  };

  /**
   * A worker that takes the job and never acknowledges it (it crashes while running it),
   * until the broker's delivery limit dead-letters the job.
   */
  const crashOnJobUntilDeadLettered = async () => {
    const channel = await connection.acquire();
    try {
      for (let delivery = 1; delivery <= 100; delivery += 1) {
        const message = await channel.basicGet({ queue: Queues.instanceJobs });
        if (!message) return delivery - 1;
        await channel.basicNack({ deliveryTag: message.deliveryTag, requeue: true });
      }
      throw new Error('the broker never dead-lettered the job');
    } finally {
      await channel.close();
    }
  };

  /** A worker that rejects the job itself (after reporting FAILED, as the real one does). */
  const rejectJob = async () => {
    const channel = await connection.acquire();
    try {
      const message = await channel.basicGet({ queue: Queues.instanceJobs });
      if (!message) throw new Error('no job to reject');
      await channel.basicNack({ deliveryTag: message.deliveryTag, requeue: false });
    } finally {
      await channel.close();
    }
  };

  const waitForOperationStatus = async (instanceId: string, operationId: string, status: string) => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const state = await harness.state(instanceId, operationId);
      if (state.operation.status === status) return state;
      if (Date.now() > deadline) throw new Error(`operation still ${state.operation.status}, expected ${status}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  const takeDeadLetters = async () => {
    const bodies: unknown[] = [];
    for (;;) {
      const message = await connection.basicGet({ queue: deadLetterQueue(Queues.instanceJobs), noAck: true });
      if (!message) return bodies;
      bodies.push(message.body);
    }
  };

  it('fails the running operation and the instance when the broker gives up a job that crashes the worker', async () => {
    const { instance, operation } = await harness.seed();
    await harness.apply(harness.event(operation, 1, 1, 'RUNNING', { instanceStatus: 'PROVISIONING' }));
    await publishJob(operation);

    expect(await crashOnJobUntilDeadLettered()).toBeGreaterThan(1);
    const after = await waitForOperationStatus(instance.id, operation.id, 'FAILED');
    expect(after.operation.error).toMatch(/worker stopped while running it/);
    expect(after.operation.finishedAt).not.toBeNull();
    expect(after.instance).toMatchObject({ status: 'FAILED', statusMessage: after.operation.error });
    await harness.waitForMessage((message) => message.type === 'instance.status' && message.instanceId === instance.id && message.status === 'FAILED');
    await harness.waitForMessage((message) => message.type === 'operation.progress' && message.operationId === operation.id && message.status === 'FAILED');

    // A late event of the abandoned job changes nothing.
    expect(await harness.apply(harness.event(operation, 1, 3, 'RUNNING', { instanceStatus: 'PROVISIONING' }))).toEqual([]);
    expect((await harness.state(instance.id, operation.id)).instance.status).toBe('FAILED');
    // Operators still find the job in instance.jobs.dead.
    expect(await takeDeadLetters()).toEqual([expect.objectContaining({ operationId: operation.id })]);
  });

  it('leaves an ended operation, and a job the worker rejected (and reported) itself, as they are', async () => {
    const succeeded = await harness.seed();
    await harness.apply(harness.event(succeeded.operation, 1, 1, 'RUNNING', { instanceStatus: 'PROVISIONING' }));
    await harness.apply(harness.event(succeeded.operation, 1, 900, 'SUCCEEDED', { instanceStatus: 'RUNNING', progress: 100 }));
    await publishJob(succeeded.operation);
    await crashOnJobUntilDeadLettered();

    // Rejected by the worker, whose FAILED event (with the real error) is on its way.
    const rejected = await harness.seed();
    await harness.apply(harness.event(rejected.operation, 1, 1, 'RUNNING', { instanceStatus: 'PROVISIONING' }));
    await publishJob(rejected.operation);
    await rejectJob();

    // Dead letters are handled in order: once this one failed, the two before were seen.
    const last = await harness.seed();
    await publishJob(last.operation);
    await crashOnJobUntilDeadLettered();
    await waitForOperationStatus(last.instance.id, last.operation.id, 'FAILED');

    const ended = await harness.state(succeeded.instance.id, succeeded.operation.id);
    expect(ended.operation).toMatchObject({ status: 'SUCCEEDED', error: null });
    expect(ended.instance).toMatchObject({ status: 'RUNNING', statusMessage: null });
    const running = await harness.state(rejected.instance.id, rejected.operation.id);
    expect(running.operation.status).toBe('RUNNING');
    expect(running.instance.status).toBe('PROVISIONING');
    expect(await takeDeadLetters()).toHaveLength(3);
  });
});
