import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { Exchanges, type InstanceStatus, type InstanceStatusChanged, RoutingKeys } from '@saas/contracts';
import { connectBroker, type Connection, declareTopology, waitForBroker } from '@saas/messaging';
import { createVhost, deleteVhost } from '@saas/testing';
import { startInstanceStatusConsumer } from '../src/consumers/instance-status.consumer';
import { parsePeriod } from '../src/domain/period';
import { UsageService } from '../src/services/usage.service';
import { billingDatabase, silentLogger } from './support/billing-database';

type Database = Awaited<ReturnType<typeof billingDatabase>>;

const may = parsePeriod('2026-05');
const june = parsePeriod('2026-06');
const later = new Date('2026-07-15T00:00:00Z');

/** One instance's lifecycle: each change numbered as the instance subgraph does. */
function lifecycle(tenantId: string, instanceId: string, steps: Array<[InstanceStatus, string]>): InstanceStatusChanged[] {
  return steps.map(([status, at], index) => ({
    eventId: randomUUID(),
    tenantId,
    instanceId,
    sequence: index + 1,
    status,
    previousStatus: index === 0 ? null : (steps[index - 1]?.[0] ?? null),
    message: null,
    operationId: null,
    at,
  }));
}

function scenario() {
  const tenantId = randomUUID();
  const a = randomUUID();
  const b = randomUUID();
  const events = [
    ...lifecycle(tenantId, a, [
      ['PENDING', '2026-05-10T00:00:00.000Z'],
      ['PROVISIONING', '2026-05-10T00:00:01.000Z'],
      ['RUNNING', '2026-05-10T00:01:00.000Z'],
      ['STOPPING', '2026-05-10T10:01:00.000Z'], // 10 h
      ['STOPPED', '2026-05-10T10:01:05.000Z'],
      ['STARTING', '2026-05-31T20:00:00.000Z'],
      ['RUNNING', '2026-05-31T20:00:00.500Z'], // runs across the end of May: 3 h 59 m 59.5 s in May
      ['STOPPING', '2026-06-01T02:00:00.500Z'], // and 2 h in June
      ['STOPPED', '2026-06-01T02:00:01.000Z'],
    ]),
    ...lifecycle(tenantId, b, [
      ['PENDING', '2026-05-20T00:00:00.000Z'],
      ['RUNNING', '2026-05-20T00:00:00.000Z'],
      ['DELETING', '2026-05-20T00:30:00.250Z'], // 30 m 0.25 s
      ['DELETED', '2026-05-20T00:31:00.000Z'],
    ]),
  ];
  const expected = {
    may: new Map([
      [a, 10 * 3600 + 3 * 3600 + 59 * 60 + 59], // 14399 + 36000 = 50399 (partial second dropped)
      [b, 30 * 60],
    ]),
    june: new Map([[a, 2 * 3600]]),
  };
  return { tenantId, events, expected };
}

function secondsByInstance(report: { instances: Array<{ instanceId: string; seconds: number }> }): Map<string, number> {
  return new Map(report.instances.map((usage) => [usage.instanceId, usage.seconds]));
}

describe('metering from instance status changes (PostgreSQL, RabbitMQ)', () => {
  let db: Database;

  beforeAll(async () => {
    db = await billingDatabase();
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('stores each change once: the same changes many times, shuffled and concurrent, give exact totals', async () => {
    const { tenantId, events, expected } = scenario();
    // Every event 1 to 5 times, in a random order, recorded by 8 concurrent writers.
    const copies = fc.sample(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: events.length, maxLength: events.length }), { seed: 42, numRuns: 1 })[0] ?? [];
    const deliveries = events.flatMap((event, index) => Array.from({ length: copies[index] ?? 1 }, () => event));
    const shuffled = fc.sample(fc.shuffledSubarray(deliveries, { minLength: deliveries.length }), { seed: 7, numRuns: 1 })[0] ?? [];
    const stored: boolean[] = [];
    await Promise.all(
      Array.from({ length: 8 }, async (_, worker) => {
        const usage = new UsageService(db.em());
        for (let index = worker; index < shuffled.length; index += 8) {
          const event = shuffled[index];
          if (event) stored.push(await usage.record(event));
        }
      }),
    );
    expect(stored.filter(Boolean)).toHaveLength(events.length);
    const usage = new UsageService(db.em());
    const mayReport = await usage.usageOf(tenantId, may, later);
    expect(secondsByInstance(mayReport)).toEqual(expected.may);
    expect(mayReport.totalSeconds).toBe(50_399 + 1_800);
    expect(mayReport.hours).toBe(15); // 52199 s = 14.5 h, rounded up
    expect(secondsByInstance(await usage.usageOf(tenantId, june, later))).toEqual(expected.june);
  });

  it('counts a still-running instance up to now, and a late change corrects it', async () => {
    const { tenantId, events, expected } = scenario();
    const usage = new UsageService(db.em());
    // The stop of A in June has not arrived yet: A counts as running up to "now".
    const june_ = events.filter((event) => event.at.startsWith('2026-06'));
    for (const event of events) if (!june_.includes(event)) await usage.record(event);
    const now = new Date('2026-06-01T05:00:00.500Z');
    expect(secondsByInstance(await usage.usageOf(tenantId, june, now)).get(events[0]!.instanceId)).toBe(5 * 3600);
    // The changes arrive in reverse order; once both are there the totals are exact.
    for (const event of [...june_].reverse()) await usage.record(event);
    expect(secondsByInstance(await usage.usageOf(tenantId, june, later))).toEqual(expected.june);
    expect(secondsByInstance(await usage.usageOf(tenantId, may, later))).toEqual(expected.may);
  });

  describe('through the broker', () => {
    const vhost = `saas-test-billing-metering-${Date.now().toString(36)}`;
    let connection: Connection;

    beforeAll(async () => {
      connection = connectBroker(await createVhost(vhost), silentLogger, 'billing-metering-it');
      await waitForBroker(connection);
      await declareTopology(connection);
    });

    afterAll(async () => {
      await connection?.close();
      await deleteVhost(vhost);
    });

    it('meters redelivered and duplicated messages exactly once, in any order', async () => {
      const { tenantId, events, expected } = scenario();
      const consumer = startInstanceStatusConsumer(connection, () => new UsageService(db.em()), silentLogger);
      const publisher = connection.createPublisher({ confirm: true });
      try {
        const tripled = [...events, ...events, ...events];
        const shuffled = fc.sample(fc.shuffledSubarray(tripled, { minLength: tripled.length }), { seed: 3, numRuns: 1 })[0] ?? [];
        for (const event of shuffled) {
          await publisher.send({ exchange: Exchanges.instanceStatus, routingKey: RoutingKeys.instanceStatus(event.status), durable: true, contentType: 'application/json' }, event);
        }
        // A malformed message is dropped (dead-lettered), not retried forever.
        await publisher.send({ exchange: Exchanges.instanceStatus, routingKey: 'status.RUNNING', contentType: 'application/json' }, { tenantId, nonsense: true });
        const usage = new UsageService(db.em());
        const deadline = Date.now() + 15_000;
        let may_ = await usage.usageOf(tenantId, may, later);
        while (secondsByInstance(may_).size < 2 || (await db.em().execute(`select count(*)::int as n from instance_status_events where tenant_id = ?`, [tenantId]))[0]?.n !== events.length) {
          if (Date.now() > deadline) throw new Error('status changes were not consumed in time');
          await new Promise((resolve) => setTimeout(resolve, 100));
          may_ = await usage.usageOf(tenantId, may, later);
        }
        expect(secondsByInstance(await usage.usageOf(tenantId, may, later))).toEqual(expected.may);
        expect(secondsByInstance(await usage.usageOf(tenantId, june, later))).toEqual(expected.june);
      } finally {
        await publisher.close();
        await consumer.close();
      }
    });
  });
});
