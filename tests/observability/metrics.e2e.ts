import { randomUUID } from 'node:crypto';
import type { ServiceName } from '@saas/stack';
import { dataOf, graphql, TestStack } from '@saas/testing';
import { createInstance, createTenant, eventually, signUp, type TestTenant, type TestUser, waitForInstanceStatus } from '../support/fixtures';
import { subscribe, type Subscriber } from '../support/live-client';
import { SERVICE_LOG_NAMES } from './support/log-lines';
import { scrape, seriesNames } from './support/prometheus';
import { TcpProxy } from './support/tcp-proxy';

/** The Docker Engine the worker would use, behind a proxy the test can hold. */
function dockerEngineProxy(): TcpProxy {
  const host = process.env.DOCKER_HOST;
  if (host?.startsWith('tcp://')) {
    const url = new URL(host.replace(/^tcp:/, 'http:'));
    return new TcpProxy(url.hostname, Number(url.port || 2375));
  }
  return new TcpProxy({ path: host?.startsWith('unix://') ? host.slice('unix://'.length) : '/var/run/docker.sock' });
}

/** `url` with its host and port replaced by the proxy's. */
function throughProxy(url: string, proxy: TcpProxy): string {
  const proxied = new URL(url);
  proxied.hostname = '127.0.0.1';
  proxied.port = String(proxy.port);
  return proxied.toString();
}

describe('Prometheus /metrics of every process', () => {
  let stack: TestStack;
  let owner: TestUser;
  let tenant: TestTenant;
  const metrics = (service: ServiceName) => scrape(stack.metricsUrl(service));
  const proxies: TcpProxy[] = [];
  const proxy = async (created: TcpProxy) => {
    proxies.push(created);
    await created.start();
    return created;
  };
  /** Waits for a log line of the current worker process that contains every fragment. */
  const workerLogs = (...fragments: string[]) =>
    eventually(
      async () => (stack.process('worker').output().split('\n').some((line) => fragments.every((fragment) => line.includes(fragment))) ? true : undefined),
      60_000,
      `a worker line with ${fragments.join(' and ')}`,
    );

  beforeAll(async () => {
    stack = await TestStack.start();
    owner = await signUp(stack.gatewayUrl, 'metrics');
    tenant = await createTenant(stack.gatewayUrl, owner);
  });

  afterAll(async () => {
    await stack?.teardown();
    await Promise.all(proxies.map((proxy) => proxy.stop()));
  });

  it('every process serves default Node metrics labelled with its service', async () => {
    for (const [service, label] of Object.entries(SERVICE_LOG_NAMES) as Array<[ServiceName, string]>) {
      const read = await metrics(service);
      expect({ service, cpu: read('process_cpu_user_seconds_total', { service: label }) > 0 }).toEqual({ service, cpu: true });
    }
  });

  it('counts GraphQL operations per name, type and outcome, and subgraph fetches, exactly', async () => {
    const query = (text: string) => graphql(stack.gatewayUrl, text, {}, { token: owner.accessToken });
    const success = { operation_name: 'MetricsProbe', operation_type: 'query', outcome: 'success' };
    const [gatewayBefore, userBefore] = await Promise.all([metrics('gateway'), metrics('user')]);

    for (let i = 0; i < 3; i += 1) dataOf(await query('query MetricsProbe { me { id displayName } }'));
    const denied = await query(`query MetricsDenied { tenant(id: "${randomUUID()}") { id name } }`);
    expect(denied.errors?.length).toBeGreaterThan(0);

    const [gateway, user] = await Promise.all([metrics('gateway'), metrics('user')]);
    const delta = (after: typeof gateway, before: typeof gateway, name: string, labels: Record<string, string>) =>
      after(name, labels) - before(name, labels);
    expect(delta(gateway, gatewayBefore, 'graphql_operations_total', success)).toBe(3);
    expect(delta(gateway, gatewayBefore, 'graphql_operation_duration_seconds_count', success)).toBe(3);
    expect(delta(gateway, gatewayBefore, 'graphql_operations_total', { operation_name: 'MetricsDenied', outcome: 'error' })).toBe(1);
    expect(delta(gateway, gatewayBefore, 'gateway_subgraph_fetches_total', { subgraph: 'user', outcome: 'success' })).toBe(3);
    expect(delta(gateway, gatewayBefore, 'gateway_subgraph_fetch_duration_seconds_count', { subgraph: 'user' })).toBe(3);
    // The subgraph sees the gateway's query plan fetches, named after the client's operation.
    expect(delta(user, userBefore, 'graphql_operations_total', { operation_name: 'MetricsProbe__user__0', outcome: 'success' })).toBe(3);
  });

  it('a created instance moves the job, queue, status, outbox and subscription metrics', async () => {
    const subscriber: Subscriber<unknown> = subscribe(
      stack.gatewayWsUrl,
      owner.accessToken,
      'subscription($tenantId: ID!) { instanceStatusChanged(tenantId: $tenantId) { instance { id status } } }',
      { tenantId: tenant.id },
    );
    try {
      await eventually(async () => ((await metrics('gateway'))('live_subscriptions', { kind: 'subscriptions' }) === 1 ? true : undefined), 10_000, 'the subscription to count');
      const live = await metrics('gateway');
      expect(live('live_subscriptions', { kind: 'sockets' })).toBe(1);
      expect(live('live_subscriptions', { kind: 'groups' })).toBe(1);

      const operation = dataOf(await createInstance(stack.gatewayUrl, owner, { tenantId: tenant.id })).createInstance;
      await waitForInstanceStatus(stack.gatewayUrl, owner, operation.instance.id, 'RUNNING');

      const worker = await metrics('worker');
      expect(worker('worker_jobs_started_total', { type: 'CREATE' })).toBe(1);
      expect(worker('worker_jobs_finished_total', { type: 'CREATE', outcome: 'succeeded' })).toBe(1);
      expect(worker('worker_job_duration_seconds_count', { type: 'CREATE', outcome: 'succeeded' })).toBe(1);
      expect(worker('worker_job_duration_seconds_sum', { type: 'CREATE', outcome: 'succeeded' })).toBeGreaterThan(0);
      expect(worker('worker_job_redeliveries_total')).toBe(0);
      expect(worker('worker_queue_messages', { queue: 'instance.jobs' })).toBe(0);
      expect(await seriesNames(stack.metricsUrl('worker'))).toContain('worker_queue_messages');

      const instance = await metrics('instance');
      expect(instance('instances_by_status', { status: 'RUNNING' })).toBe(1);
      expect(instance('instances_by_status', { status: 'PENDING' })).toBe(0);
      expect(instance('instances_by_status')).toBe(1);
      await eventually(async () => ((await metrics('instance'))('outbox_backlog') === 0 ? true : undefined), 10_000, 'the instance outbox to drain');
      expect(await seriesNames(stack.metricsUrl('tenant'))).toContain('outbox_backlog');
    } finally {
      await subscriber.dispose();
    }
    await eventually(async () => ((await metrics('gateway'))('live_subscriptions', { kind: 'sockets' }) === 0 ? true : undefined), 10_000, 'the socket to close');
  });

  it('a job waiting behind a busy worker is queue depth; a job of a killed worker comes back as a redelivery', async () => {
    // One job at a time, and Docker behind a proxy the test holds: the worker's first job
    // stops at its first Docker call for as long as the test wants, keeping its only slot.
    const docker = await proxy(dockerEngineProxy());
    await stack.process('worker').stop();
    await stack.startService('worker', { WORKER_CONCURRENCY: '1', DOCKER_HOST: `tcp://127.0.0.1:${docker.port}` });
    expect((await metrics('worker'))('worker_queue_messages', { queue: 'instance.jobs' })).toBe(0);
    const [first, second] = await Promise.all([createTenant(stack.gatewayUrl, owner, 'Busy'), createTenant(stack.gatewayUrl, owner, 'Waiting')]);

    docker.hold();
    const busy = dataOf(await createInstance(stack.gatewayUrl, owner, { tenantId: first.id })).createInstance.instance.id;
    // The job is taken and waits on the engine (the image step is its first Docker call).
    await workerLogs('"step":"image"', `"instanceId":"${busy}"`);
    const waiting = dataOf(await createInstance(stack.gatewayUrl, owner, { tenantId: second.id })).createInstance.instance.id;
    // The second job stays ready in the queue: the worker's only slot is taken.
    await eventually(
      async () => ((await metrics('worker'))('worker_queue_messages', { queue: 'instance.jobs' }) === 1 ? true : undefined),
      30_000,
      'one job waiting in instance.jobs',
    );
    expect((await metrics('worker'))('worker_job_redeliveries_total')).toBe(0);

    // Killed mid-job: the broker gets the unacknowledged job back and delivers it again.
    await stack.process('worker').kill();
    docker.release();
    await stack.startService('worker');
    await waitForInstanceStatus(stack.gatewayUrl, owner, busy, 'RUNNING');
    await waitForInstanceStatus(stack.gatewayUrl, owner, waiting, 'RUNNING');
    const worker = await metrics('worker');
    expect(worker('worker_job_redeliveries_total')).toBe(1);
    expect(worker('worker_queue_messages', { queue: 'instance.jobs' })).toBe(0);
  });

  it('outbox rows the broker cannot take are backlog, drained when it is back', async () => {
    const amqpUrl = stack.env('instance').AMQP_URL!;
    const broker = new URL(amqpUrl);
    const amqp = await proxy(new TcpProxy(broker.hostname, Number(broker.port || 5672)));
    await stack.process('instance').stop();
    await stack.startService('instance', { AMQP_URL: throughProxy(amqpUrl, amqp) });
    const outboxTenant = await createTenant(stack.gatewayUrl, owner, 'Outbox');
    await eventually(async () => ((await metrics('instance'))('outbox_backlog') === 0 ? true : undefined), 10_000, 'an empty instance outbox');

    // RabbitMQ unreachable for the instance subgraph only: the mutation commits its job to the outbox.
    await amqp.stop();
    const instanceId = dataOf(await createInstance(stack.gatewayUrl, owner, { tenantId: outboxTenant.id })).createInstance.instance.id;
    expect((await metrics('instance'))('outbox_backlog')).toBeGreaterThan(0);

    await amqp.start();
    await eventually(async () => ((await metrics('instance'))('outbox_backlog') === 0 ? true : undefined), 60_000, 'the instance outbox to drain');
    await waitForInstanceStatus(stack.gatewayUrl, owner, instanceId, 'RUNNING');
  });
});
