import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Migration } from '@mikro-orm/migrations';
import { initOrm, type Orm } from '@saas/db';
import { createLogger } from '@saas/logger';
import { createDatabase, createVhost, deleteVhost, dropDatabase, queryDatabase } from '@saas/testing';
import { connectBroker, type Connection, enqueueOutbox, OUTBOX_TABLE_SQL, OutboxMessageSchema, OutboxRelay, waitForBroker } from '../src';

class CreateOutbox extends Migration {
  override async up(): Promise<void> {
    for (const sql of OUTBOX_TABLE_SQL) this.addSql(sql);
  }
}

const logger = createLogger({ service: 'outbox-test', level: 'silent' });

describe('OutboxRelay (real PostgreSQL and RabbitMQ)', () => {
  const run = `outbox_${randomBytes(4).toString('hex')}`;
  let orm: Orm;
  let connection: Connection;
  let databaseUrl: string;

  beforeAll(async () => {
    databaseUrl = await createDatabase('saas_instance', run);
    orm = await initOrm({ clientUrl: databaseUrl, entities: [OutboxMessageSchema], migrations: [{ name: 'CreateOutbox', class: CreateOutbox }], logger });
    connection = connectBroker(await createVhost(run), logger, 'outbox-test');
    await waitForBroker(connection);
    await connection.queueDeclare({ queue: 'outbox-test', durable: true });
  });

  afterAll(async () => {
    await connection?.close();
    await orm?.close();
    await dropDatabase('saas_instance', run);
    await deleteVhost(run);
  });

  const write = (count: number, offset = 0) =>
    (orm.em.fork() as EntityManager).transactional(async (em) => {
      for (let i = 0; i < count; i += 1) enqueueOutbox(em, { exchange: '', routingKey: 'outbox-test', payload: { n: offset + i } });
    });

  const receive = async (count: number, timeoutMs = 15_000): Promise<number[]> => {
    const received: number[] = [];
    const channel = await connection.acquire();
    try {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count && Date.now() < deadline) {
        const message = await channel.basicGet({ queue: 'outbox-test', noAck: true });
        if (message) received.push((message.body as { n: number }).n);
        else await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      await channel.close();
    }
    return received;
  };

  it('publishes committed rows in order, marks them sent, and never publishes a rolled-back one', async () => {
    await write(150);
    await (orm.em.fork() as EntityManager)
      .transactional(async (em) => {
        enqueueOutbox(em, { exchange: '', routingKey: 'outbox-test', payload: { n: -1 } });
        throw new Error('rolled back');
      })
      .catch(() => undefined);
    const relay = new OutboxRelay({ orm, connection, logger, batchSize: 40, pollIntervalMs: 100 });
    relay.start();
    try {
      expect(await receive(150)).toEqual(Array.from({ length: 150 }, (_, i) => i));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await relay.backlog()).toBe(0);
      expect(await receive(1, 500)).toEqual([]);
    } finally {
      await relay.stop();
    }
  });

  it('keeps rows while the broker is unreachable and publishes them once it is back', async () => {
    const unreachable = connectBroker('amqp://guest:guest@127.0.0.1:1/none', logger, 'outbox-test-down');
    const waiting = new OutboxRelay({ orm, connection: unreachable, logger, pollIntervalMs: 100 });
    waiting.start();
    await write(5, 1000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await waiting.backlog()).toBe(5);
    await waiting.stop();
    await unreachable.close();

    const relay = new OutboxRelay({ orm, connection, logger, pollIntervalMs: 100 });
    relay.start();
    try {
      expect(await receive(5)).toEqual([1000, 1001, 1002, 1003, 1004]);
    } finally {
      await relay.stop();
    }
  });

  it('keeps rows the broker confirmed as sent when a later row of the batch fails, and retries only the rest', async () => {
    // The broker refuses the fourth row (its exchange does not exist yet): a real failure
    // in the middle of a batch, at a place the test controls.
    const missing = `outbox-test.missing-${run}`;
    await (orm.em.fork() as EntityManager).transactional(async (em) => {
      for (const n of [2000, 2001, 2002]) enqueueOutbox(em, { exchange: '', routingKey: 'outbox-test', payload: { n } });
      enqueueOutbox(em, { exchange: missing, routingKey: 'outbox-test', payload: { n: 2003 } });
      for (const n of [2004, 2005]) enqueueOutbox(em, { exchange: '', routingKey: 'outbox-test', payload: { n } });
    });
    const rowsOf = () =>
      queryDatabase<{ n: number; sent: boolean; publish_attempts: number; last_error: string | null }>(
        databaseUrl,
        "select (payload->>'n')::int as n, sent_at is not null as sent, publish_attempts, last_error from outbox_messages where (payload->>'n')::int >= 2000 order by id",
      );
    const relay = new OutboxRelay({ orm, connection, logger, batchSize: 100, pollIntervalMs: 100 });
    relay.start();
    try {
      // Two failed batches: the first could not have rolled back the rows before it, or
      // they would be published again by the second.
      const deadline = Date.now() + 20_000;
      while ((await rowsOf()).find((row) => row.n === 2003)!.publish_attempts < 2 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const rows = await rowsOf();
      expect(rows.map((row) => [row.n, row.sent])).toEqual([
        [2000, true],
        [2001, true],
        [2002, true],
        [2003, false],
        [2004, false],
        [2005, false],
      ]);
      const failed = rows.find((row) => row.n === 2003)!;
      expect(failed.publish_attempts).toBeGreaterThanOrEqual(2);
      expect(failed.last_error).toMatch(/NOT_FOUND|not.found|exchange/i);
      expect(await receive(3)).toEqual([2000, 2001, 2002]);

      // The exchange appears: the relay carries on from the failed row, without duplicates.
      await connection.exchangeDeclare({ exchange: missing, type: 'direct', durable: false, autoDelete: true });
      await connection.queueBind({ queue: 'outbox-test', exchange: missing, routingKey: 'outbox-test' });
      expect(await receive(3)).toEqual([2003, 2004, 2005]);
      expect(await receive(1, 500)).toEqual([]);
      expect((await rowsOf()).every((row) => row.sent)).toBe(true);
    } finally {
      await relay.stop();
    }
  });
});
