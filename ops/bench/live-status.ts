// Live status fan-out, on a stack of its own:
//   node --import tsx ops/bench/live-status.ts        (npm run bench:live)
// 1,000 graphql-ws subscribers on one gateway and 10 on a second, all following one tenant
// with a selection that crosses subgraphs; 100 status events published on the tenant's
// Redis channel, as the instance subgraph does after committing a change. Measures delivery
// latency from publish to receipt, events lost, and gateway memory per subscriber.
// Exits non-zero when an event is lost or out of order, or when p99 latency reaches 250 ms.
// BENCH_SUBSCRIBERS (1000), BENCH_EVENTS (100), BENCH_EVENT_INTERVAL_MS (50); Redis is
// TEST_REDIS_URL (as the test stacks' cleanup uses), else REDIS_URL, else the local default.
import { randomUUID } from 'node:crypto';
import { type TenantChannelMessage } from '@saas/contracts';
import { redisKeys } from '@saas/redis';
import { dataOf, TestStack } from '@saas/testing';
import { createClient } from 'graphql-ws';
import { createClient as createRedis } from 'redis';
import WebSocket from 'ws';
import { createInstance, createTenant, signUp, waitForInstanceStatus } from '../../tests/support/fixtures';
import { cpuSeconds, ms, printTable, rssMiB, summarize, waitForIdle } from './support/stats';

const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 1000);
const SECOND_GATEWAY_SUBSCRIBERS = 10;
const EVENTS = Number(process.env.BENCH_EVENTS ?? 100);
const INTERVAL_MS = Number(process.env.BENCH_EVENT_INTERVAL_MS ?? 50);
const P99_TARGET_MS = 250;
const REDIS_URL = process.env.TEST_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const QUERY = `subscription($tenantId: ID!) {
  instanceStatusChanged(tenantId: $tenantId) { status sequence instance { id name tenant { name subscription { plan { name } } } } }
}`;

interface Receiver {
  received: Map<number, number>;
  dispose: () => void;
}

async function connect(url: string, token: string, tenantId: string): Promise<Receiver> {
  const received = new Map<number, number>();
  const client = createClient({ url, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0 });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('subscriber did not connect')), 30_000);
    client.on('connected', () => {
      clearTimeout(timer);
      resolve();
    });
    client.subscribe<{ instanceStatusChanged: { sequence: number } }>(
      { query: QUERY, variables: { tenantId } },
      {
        next: (result) => {
          const sequence = result.data?.instanceStatusChanged.sequence;
          if (sequence !== undefined && !received.has(sequence)) received.set(sequence, performance.timeOrigin + performance.now());
        },
        error: (error) => reject(error instanceof Error ? error : new Error(JSON.stringify(error))),
        complete: () => undefined,
      },
    );
  });
  return { received, dispose: () => void client.dispose() };
}

/** The gateway's `live_subscriptions{kind="subscriptions"}` gauge, from its /metrics. */
async function liveSubscriptions(metricsUrl: string): Promise<number> {
  const response = await fetch(metricsUrl);
  if (!response.ok) throw new Error(`${metricsUrl}: HTTP ${response.status}`);
  const line = (await response.text()).split('\n').find((l) => /^live_subscriptions\{[^}]*kind="subscriptions"[^}]*\}\s/.test(l));
  return line ? Number(line.trim().split(/\s+/).at(-1)) : 0;
}

/** Waits until each gateway has registered the subscriptions its clients opened. */
async function waitForRegistered(expected: ReadonlyArray<{ metricsUrl: string; count: number }>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const counts = await Promise.all(expected.map(({ metricsUrl }) => liveSubscriptions(metricsUrl)));
    if (counts.every((count, i) => count >= (expected[i]?.count ?? 0))) return;
    if (Date.now() > deadline) throw new Error(`subscriptions not registered in time: ${JSON.stringify(counts)} of ${JSON.stringify(expected.map((e) => e.count))}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Runs the benchmark; resolves to whether it met its targets. */
async function main(): Promise<boolean> {
  console.log('starting a stack with two gateways ...');
  // The stack's processes and this publisher use one Redis server.
  const stack = await TestStack.start({ env: { REDIS_URL }, serviceEnv: { gateway: { LOG_LEVEL: 'warn' } } });
  const redis = createRedis({ url: stack.env('gateway').REDIS_URL ?? REDIS_URL });
  let passed = false;
  await redis.connect();
  const receivers: Receiver[] = [];
  try {
    const second = await stack.startExtraGateway();
    const owner = await signUp(stack.gatewayUrl, 'bench');
    const tenant = await createTenant(stack.gatewayUrl, owner, 'Bench live');
    const operation = dataOf(await createInstance(stack.gatewayUrl, owner, { tenantId: tenant.id, name: 'Bench' })).createInstance;
    await waitForInstanceStatus(stack.gatewayUrl, owner, operation.instance.id, 'RUNNING');

    const gatewayPid = stack.process('gateway').pid;
    const rssBefore = rssMiB(gatewayPid);
    for (let i = 0; i < SUBSCRIBERS; i += 50) {
      const batch = await Promise.all(Array.from({ length: Math.min(50, SUBSCRIBERS - i) }, () => connect(stack.gatewayWsUrl, owner.accessToken, tenant.id)));
      receivers.push(...batch);
    }
    const onSecond = await Promise.all(Array.from({ length: SECOND_GATEWAY_SUBSCRIBERS }, () => connect(second.wsUrl, owner.accessToken, tenant.id)));
    receivers.push(...onSecond);
    await waitForRegistered([
      { metricsUrl: stack.metricsUrl('gateway'), count: SUBSCRIBERS },
      { metricsUrl: second.metricsUrl, count: SECOND_GATEWAY_SUBSCRIBERS },
    ]);
    // Measure the steady state: the gateways have finished setting up the subscriptions.
    await waitForIdle(gatewayPid);
    await waitForIdle(second.process.pid);
    const rssAfter = rssMiB(gatewayPid);

    const channel = redisKeys(stack.layout.shared.REDIS_PREFIX ?? '').instanceEventsChannel(tenant.id);
    const gatewayCpuBefore = cpuSeconds(gatewayPid);
    const clientCpuBefore = process.cpuUsage();
    const phaseStarted = performance.now();
    const publishedAt = new Map<number, number>();
    for (let i = 0; i < EVENTS; i += 1) {
      const sequence = 1_000 + i;
      const status = i % 2 === 0 ? 'STOPPED' : 'RUNNING';
      const message: TenantChannelMessage = {
        type: 'instance.status',
        eventId: randomUUID(),
        tenantId: tenant.id,
        instanceId: operation.instance.id,
        sequence,
        status,
        previousStatus: status === 'STOPPED' ? 'RUNNING' : 'STOPPED',
        message: null,
        operationId: null,
        at: new Date().toISOString(),
      };
      publishedAt.set(sequence, performance.timeOrigin + performance.now());
      await redis.publish(channel, JSON.stringify(message));
      await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS));
    }
    const expected = receivers.length * EVENTS;
    const deadline = Date.now() + 60_000;
    while (receivers.reduce((sum, r) => sum + r.received.size, 0) < expected && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const phaseSeconds = (performance.now() - phaseStarted) / 1000;
    const gatewayCpu = cpuSeconds(gatewayPid) - gatewayCpuBefore;
    const clientCpu = process.cpuUsage(clientCpuBefore);

    const latencies: number[] = [];
    let lost = 0;
    let outOfOrder = 0;
    for (const receiver of receivers) {
      let previous = 0;
      for (const [sequence, sentAt] of publishedAt) {
        const receivedAt = receiver.received.get(sequence);
        if (receivedAt === undefined) lost += 1;
        else latencies.push(receivedAt - sentAt);
      }
      for (const sequence of receiver.received.keys()) {
        if (sequence < previous) outOfOrder += 1;
        previous = sequence;
      }
    }
    const summary = summarize(latencies);
    printTable(`Live status: ${SUBSCRIBERS} subscribers on gateway 1 + ${SECOND_GATEWAY_SUBSCRIBERS} on gateway 2, ${EVENTS} events every ${INTERVAL_MS} ms`, [
      ['deliveries expected', receivers.length * EVENTS],
      ['deliveries received', latencies.length],
      ['events lost (must be 0)', lost],
      ['deliveries out of order', outOfOrder],
      ['latency p50 (publish -> receipt)', ms(summary.p50)],
      ['latency p95', ms(summary.p95)],
      [`latency p99 (target < ${P99_TARGET_MS})`, ms(summary.p99)],
      ['latency max', ms(summary.max)],
      ['event phase wall time', `${phaseSeconds.toFixed(1)} s`],
      ['gateway 1 CPU during the phase', `${gatewayCpu.toFixed(1)} s`],
      ['benchmark clients CPU (same machine)', `${((clientCpu.user + clientCpu.system) / 1e6).toFixed(1)} s`],
      ['gateway 1 RSS before subscribers', `${rssBefore.toFixed(0)} MiB`],
      ['gateway 1 RSS with subscribers', `${rssAfter.toFixed(0)} MiB`],
      ['gateway memory per subscriber', `${(((rssAfter - rssBefore) * 1024) / SUBSCRIBERS).toFixed(1)} KiB`],
    ]);
    const failures = [
      lost > 0 ? `${lost} deliveries lost` : '',
      outOfOrder > 0 ? `${outOfOrder} deliveries out of order` : '',
      !(summary.p99 < P99_TARGET_MS) ? `p99 ${ms(summary.p99)} is not below ${P99_TARGET_MS} ms` : '',
    ].filter(Boolean);
    for (const failure of failures) console.error(`FAIL: ${failure}`);
    passed = failures.length === 0;
  } finally {
    for (const receiver of receivers) receiver.dispose();
    await redis.quit();
    await stack.teardown();
  }
  return passed;
}

main().then(
  (passed) => {
    process.exitCode = passed ? 0 : 1;
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
