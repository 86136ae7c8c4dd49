import { randomBytes } from 'node:crypto';
import { deadLetterQueue, Exchanges } from '@saas/contracts';
import { createLogger } from '@saas/logger';
import { metricsRegistry } from '@saas/telemetry';
import { createVhost, deleteVhost } from '@saas/testing';
import {
  type AsyncMessage,
  connectBroker,
  type Connection,
  type Consumer,
  ConsumerStatus,
  createResilientConsumer,
  DeadLetterRedriver,
  deathReasonFor,
  queueDeclaration,
  waitForBroker,
} from '../src';

const logger = createLogger({ service: 'resilient-consumer-test', level: 'silent' });
const fast = { logger, initialDelayMs: 10, maxDelayMs: 50 };

/** What pg says when PostgreSQL is down. */
function connectionRefused(): Error {
  return Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function metricValue(name: string, labels: Record<string, string>): Promise<number> {
  const metric = (await metricsRegistry.getMetricsAsJSON()).find((entry) => entry.name === name);
  const values = (metric?.values ?? []) as Array<{ labels: Record<string, unknown>; value: number }>;
  return values.find((value) => Object.entries(labels).every(([key, expected]) => value.labels[key] === expected))?.value ?? 0;
}

describe('resilient consumers (real RabbitMQ)', () => {
  const run = `resilient_${randomBytes(4).toString('hex')}`;
  let connection: Connection;
  const consumers: Consumer[] = [];

  beforeAll(async () => {
    connection = connectBroker(await createVhost(run), logger, 'resilient-consumer-test');
    await waitForBroker(connection);
    await connection.exchangeDeclare({ exchange: Exchanges.deadLetter, type: 'direct', durable: true });
  });

  afterEach(async () => {
    await Promise.all(consumers.splice(0).map((consumer) => consumer.close()));
  });

  afterAll(async () => {
    await connection?.close();
    await deleteVhost(run);
  });

  /** A platform queue (quorum, delivery limit, dead-letter queue) of this test. */
  async function declareQueue(name: string, deliveryLimit?: number): Promise<string> {
    const declaration = queueDeclaration(name);
    await connection.queueDeclare(
      deliveryLimit === undefined ? declaration : { ...declaration, arguments: { ...declaration.arguments, 'x-delivery-limit': deliveryLimit } },
    );
    await connection.queueDeclare({ queue: deadLetterQueue(name), durable: true, arguments: { 'x-queue-type': 'quorum' } });
    await connection.queueBind({ queue: deadLetterQueue(name), exchange: Exchanges.deadLetter, routingKey: name });
    return name;
  }

  async function publish(queue: string, body: unknown): Promise<void> {
    const publisher = connection.createPublisher({ confirm: true });
    await publisher.send({ routingKey: queue, durable: true, messageId: randomBytes(4).toString('hex') }, body);
    await publisher.close();
  }

  async function deadLetters(queue: string): Promise<Array<Pick<AsyncMessage, 'body' | 'headers'>>> {
    const channel = await connection.acquire();
    const messages: Array<Pick<AsyncMessage, 'body' | 'headers'>> = [];
    try {
      for (;;) {
        const message = await channel.basicGet({ queue: deadLetterQueue(queue), noAck: false });
        if (!message) break;
        messages.push(message);
      }
    } finally {
      await channel.close();
    }
    return messages;
  }

  it('holds a message through a dependency outage and applies it once, never dead-lettered, its deliveries unspent', async () => {
    const queue = await declareQueue('outage');
    let failuresLeft = 30; // more failures than the delivery limit allows deliveries
    const applied: unknown[] = [];
    const deliveries: boolean[] = [];
    consumers.push(
      createResilientConsumer(
        connection,
        { queue, queueOptions: queueDeclaration(queue), qos: { prefetchCount: 1 } },
        async (message) => {
          deliveries.push(message.redelivered);
          if (failuresLeft > 0) {
            failuresLeft -= 1;
            throw new Error('could not apply the event', { cause: connectionRefused() });
          }
          applied.push(message.body);
          return ConsumerStatus.ACK;
        },
        fast,
      ),
    );
    await publish(queue, { n: 1 });
    await until(() => applied.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(applied).toEqual([{ n: 1 }]);
    expect(deliveries).toHaveLength(31);
    expect(deliveries.every((redelivered) => !redelivered)).toBe(true);
    expect(await deadLetters(queue)).toHaveLength(0);
    expect(await metricValue('saas_messaging_transient_failures_total', { queue })).toBe(30);
  });

  it('dead-letters a poison message after a few attempts and reports it', async () => {
    const queue = await declareQueue('poison');
    let attempts = 0;
    const later: unknown[] = [];
    consumers.push(
      createResilientConsumer(
        connection,
        { queue, queueOptions: queueDeclaration(queue), qos: { prefetchCount: 1 } },
        async (message) => {
          if ((message.body as { poison?: boolean }).poison) {
            attempts += 1;
            throw new TypeError("Cannot read properties of undefined (reading 'id')");
          }
          later.push(message.body);
          return ConsumerStatus.ACK;
        },
        fast,
      ),
    );
    await publish(queue, { poison: true });
    await publish(queue, { n: 2 });
    await until(() => later.length === 1);
    expect(attempts).toBe(3);
    const dead = await deadLetters(queue);
    expect(dead.map((message) => message.body)).toEqual([{ poison: true }]);
    expect(deathReasonFor(dead[0]!, queue)).toBe('rejected');
    expect(await metricValue('saas_messaging_dead_lettered_total', { queue, reason: 'failed' })).toBe(1);
  });

  it('sends what a crash loop dead-lettered back to its queue, and keeps poison for operators', async () => {
    const queue = await declareQueue('crash-loop', 1);
    await publish(queue, { n: 3 });
    await publish(queue, { poison: true });
    // A consumer that dies holding the first message, every time (its channel closes unacked).
    await until(async () => {
      const channel = await connection.acquire();
      const message = await channel.basicGet({ queue, noAck: false });
      if (message && (message.body as { poison?: boolean }).poison) await channel.basicNack({ deliveryTag: message.deliveryTag, requeue: false });
      await channel.close();
      return message === undefined;
    });
    const redriver = new DeadLetterRedriver({ connection, queues: [queue], logger });
    const applied: unknown[] = [];
    consumers.push(
      createResilientConsumer(
        connection,
        { queue, queueOptions: { queue, passive: true }, qos: { prefetchCount: 1 } },
        async (message) => {
          applied.push(message.body);
          return ConsumerStatus.ACK;
        },
        fast,
      ),
    );
    expect(await redriver.redriveAll()).toEqual({ [queue]: { redriven: 1, kept: 1 } });
    await until(() => applied.length === 1);
    expect(applied).toEqual([{ n: 3 }]);
    const dead = await deadLetters(queue);
    expect(dead.map((message) => message.body)).toEqual([{ poison: true }]);
    expect(await metricValue('saas_messaging_redriven_total', { queue })).toBe(1);
    await redriver.close();
  });
});
