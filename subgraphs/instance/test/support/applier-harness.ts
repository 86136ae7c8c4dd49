import { randomBytes, randomUUID } from 'node:crypto';
import { IsolationLevel } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { InstanceStatus, OperationEvent, OperationStatus, OperationType, TenantChannelMessage } from '@saas/contracts';
import { initOrm, type Orm } from '@saas/db';
import { createLogger } from '@saas/logger';
import { connectRedis, type RedisClient, redisKeys } from '@saas/redis';
import { createDatabase, deleteRedisPrefix, dropDatabase } from '@saas/testing';
import { Instance } from '../../src/entities/instance.entity';
import { InstanceOperation } from '../../src/entities/instance-operation.entity';
import { entities, migrations } from '../../src/mikro-orm.config';
import { EventApplier } from '../../src/services/event-applier.service';
import { StatusPublisher } from '../../src/services/status-publisher';

export const silentLogger = createLogger({ service: 'instance-test', level: 'silent' });
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * The instance subgraph's event applying against a migrated database of its own and the
 * real Redis (its own key prefix): what the applier returns goes out through the
 * subgraph's StatusPublisher, and a subscriber records what reached the tenants' channels.
 */
export class ApplierHarness {
  readonly received: TenantChannelMessage[] = [];
  readonly applier: EventApplier;
  readonly publisher: StatusPublisher;

  private constructor(
    readonly runId: string,
    readonly orm: Orm,
    private readonly redis: RedisClient,
    private readonly subscriber: RedisClient,
  ) {
    this.applier = new EventApplier(orm.em as EntityManager, silentLogger);
    this.publisher = new StatusPublisher(redis, redisKeys(this.prefix), silentLogger);
  }

  get prefix(): string {
    return `${this.runId}:`;
  }

  static async create(): Promise<ApplierHarness> {
    const runId = `saas_instance_it_${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
    const url = await createDatabase('saas_instance', runId);
    const orm = await initOrm({ clientUrl: url, entities, migrations, logger: silentLogger });
    const redis = await connectRedis({ url: REDIS_URL, logger: silentLogger, name: `${runId}-publisher` });
    const subscriber = redis.duplicate();
    await subscriber.connect();
    const harness = new ApplierHarness(runId, orm, redis, subscriber);
    await subscriber.pSubscribe(redisKeys(harness.prefix).instanceEventsPattern, (raw) => {
      harness.received.push(JSON.parse(raw) as TenantChannelMessage);
    });
    return harness;
  }

  em(): EntityManager {
    return this.orm.em.fork() as EntityManager;
  }

  /** Applies a worker event as the worker-events consumer does: apply, then publish. */
  async apply(event: OperationEvent): Promise<TenantChannelMessage[]> {
    const messages = await this.applier.apply(event);
    this.publisher.publish(messages);
    return messages;
  }

  /** An instance (as just created) with a QUEUED operation of the given type. */
  async seed(type: OperationType = 'CREATE', status: InstanceStatus = 'PENDING'): Promise<{ instance: Instance; operation: InstanceOperation }> {
    const em = this.em();
    const id = randomUUID();
    const instance = Object.assign(new Instance(), {
      id,
      tenantId: randomUUID(),
      name: 'Test instance',
      subdomain: `t-${id.slice(0, 8)}`,
      odooVersion: '17.0',
      status,
      url: `http://t-${id.slice(0, 8)}.test`,
      resources: { cpuMillicores: 500, memoryMb: 256, storageGb: 5 },
      databasePasswordEncrypted: 'unused',
      adminPasswordEncrypted: 'unused',
      operationSeq: 1,
      statusSeq: 1,
    });
    const operation = Object.assign(new InstanceOperation(), {
      id: randomUUID(),
      instanceId: id,
      tenantId: instance.tenantId,
      seq: 1,
      type,
      status: 'QUEUED' as const,
    });
    await em.persist([instance, operation]).flush();
    return { instance, operation };
  }

  /** A worker event of the operation at (its seq, attempt, step). */
  event(
    operation: InstanceOperation,
    attempt: number,
    step: number,
    operationStatus: Exclude<OperationStatus, 'QUEUED'>,
    extra: Partial<OperationEvent> = {},
  ): OperationEvent {
    return {
      kind: 'operation',
      eventId: randomUUID(),
      instanceId: operation.instanceId,
      operationId: operation.id,
      position: { operationSeq: operation.seq, attempt, step },
      operationStatus,
      progress: 0,
      at: new Date().toISOString(),
      ...extra,
    };
  }

  /** The instance and the operation as one snapshot (two plain reads could straddle a commit). */
  async state(instanceId: string, operationId: string): Promise<{ instance: Instance; operation: InstanceOperation }> {
    return this.em().transactional(
      async (em) => ({
        instance: await em.findOneOrFail(Instance, { id: instanceId }),
        operation: await em.findOneOrFail(InstanceOperation, { id: operationId }),
      }),
      { isolationLevel: IsolationLevel.REPEATABLE_READ },
    );
  }

  /** Waits until a Redis message matching `predicate` arrived, and returns its index. */
  async waitForMessage(predicate: (message: TenantChannelMessage) => boolean, timeoutMs = 10_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.received.findIndex(predicate);
      if (index >= 0) return index;
      if (Date.now() > deadline) throw new Error(`no matching Redis message after ${timeoutMs} ms; got ${JSON.stringify(this.received)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async teardown(): Promise<void> {
    await this.publisher.flushed();
    await this.subscriber.quit().catch(() => undefined);
    await this.redis.quit().catch(() => undefined);
    await deleteRedisPrefix(this.prefix);
    await this.orm.close();
    await dropDatabase('saas_instance', this.runId);
  }
}
