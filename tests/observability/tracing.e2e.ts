import { randomBytes } from 'node:crypto';
import { dataOf, graphql, TestStack } from '@saas/testing';
import { createTenant, eventually, OPERATION_FIELDS, signUp, uniqueSuffix, waitForInstanceStatus, type QueuedOperation } from '../support/fixtures';
import { OtlpReceiver, type ReceivedSpan } from './support/otlp-receiver';

/** OTLP span kinds. */
const SERVER = 2;
const CONSUMER = 5;

describe('one trace from the click to the container', () => {
  let receiver: OtlpReceiver;
  let stack: TestStack;

  beforeAll(async () => {
    receiver = await OtlpReceiver.start();
    stack = await TestStack.start({
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        // Export within a fraction of a second instead of every 5 s.
        OTEL_BSP_SCHEDULE_DELAY: '200',
      },
    });
  });

  afterAll(async () => {
    await stack?.teardown();
    await receiver?.close();
  });

  it('createInstance: gateway, instance subgraph, relay, worker steps, Docker calls and the status events share one trace', async () => {
    const owner = await signUp(stack.gatewayUrl, 'tracer');
    const tenant = await createTenant(stack.gatewayUrl, owner);
    // The "click": a browser with tracing sends its own trace context; everything follows it.
    const traceId = randomBytes(16).toString('hex');
    const clientSpanId = randomBytes(8).toString('hex');
    const response = await graphql<{ createInstance: QueuedOperation }>(
      stack.gatewayUrl,
      `mutation CreateShop($input: CreateInstanceInput!) { createInstance(input: $input) { ${OPERATION_FIELDS} } }`,
      { input: { tenantId: tenant.id, name: 'Traced', subdomain: `traced-${uniqueSuffix()}`, odooVersion: '17.0' } },
      { token: owner.accessToken, headers: { traceparent: `00-${traceId}-${clientSpanId}-01` } },
    );
    const instanceId = dataOf(response).createInstance.instance.id;
    await waitForInstanceStatus(stack.gatewayUrl, owner, instanceId, 'RUNNING');

    const byService = (spans: ReceivedSpan[], service: string) => spans.filter((span) => span.service === service);
    // Spans arrive in batches; wait for the last piece: the final status event applied by the instance subgraph.
    const spans = await eventually(
      async () => {
        const trace = receiver.trace(traceId);
        const applied = trace.filter((span) => span.service === 'instance-subgraph' && span.name === 'instance-subgraph.worker-events process');
        const workerSteps = trace.filter((span) => span.service === 'provisioning-worker' && span.name.startsWith('step '));
        return applied.length >= 9 && workerSteps.length >= 8 ? trace : undefined;
      },
      30_000,
      'the spans of the createInstance trace',
    );

    const names = (service: string) => new Set(byService(spans, service).map((span) => span.name));
    // The gateway: the HTTP request, Apollo's plan and its fetch to the instance subgraph.
    expect(byService(spans, 'gateway').find((span) => span.kind === SERVER && span.parentSpanId === clientSpanId)?.name).toBe('POST /graphql');
    expect([...names('gateway')]).toEqual(expect.arrayContaining(['POST /graphql', 'gateway.request', 'gateway.fetch']));
    // The instance subgraph: its request, SQL, the outbox relay's publish.
    expect([...names('instance-subgraph')]).toEqual(expect.arrayContaining(['POST /graphql', 'instance.jobs publish']));
    expect(byService(spans, 'instance-subgraph').some((span) => span.name.startsWith('pg.query'))).toBe(true);
    // The worker: the message, the job, each step, the Odoo database and Docker Engine calls.
    const worker = byService(spans, 'provisioning-worker');
    expect(worker.find((span) => span.name === 'instance.jobs process')?.kind).toBe(CONSUMER);
    expect([...names('provisioning-worker')]).toEqual(
      expect.arrayContaining([
        'job CREATE',
        'step started',
        'step image',
        'step database',
        'step volume',
        'step initialise',
        'step container',
        'step start',
        'step health',
        'docker POST /containers/create',
        'docker POST /containers/{id}/start',
        'docker GET /containers/{id}/json',
        'instance.events publish',
      ]),
    );
    expect(worker.some((span) => span.name.startsWith('pg.query'))).toBe(true);
    expect(worker.some((span) => span.name.startsWith('docker POST /volumes/create'))).toBe(true);

    // One tree: every span's parent is in the trace (or is the client's span).
    const ids = new Set(spans.map((span) => span.spanId));
    const orphans = spans.filter((span) => span.parentSpanId !== clientSpanId && (!span.parentSpanId || !ids.has(span.parentSpanId)));
    expect(orphans.map((span) => `${span.service}: ${span.name}`)).toEqual([]);

    // The status events the instance subgraph applies are children of the worker's publishes.
    const workerSpanIds = new Set(worker.map((span) => span.spanId));
    const applied = byService(spans, 'instance-subgraph').filter((span) => span.name === 'instance-subgraph.worker-events process');
    expect(applied.every((span) => span.kind === CONSUMER && workerSpanIds.has(span.parentSpanId ?? ''))).toBe(true);
  });
});
