import { randomBytes } from 'node:crypto';
import { TestStack } from '@saas/testing';
import { eventually } from '../support/fixtures';
import { OtlpReceiver } from './support/otlp-receiver';

/** OTLP span kind SERVER. */
const SERVER = 2;

// The default encoding (no OTEL_EXPORTER_OTLP_PROTOCOL): protobuf, decoded by the receiver with
// the official OpenTelemetry definitions (./support/otlp-protobuf.ts), not by the exporter's code.
describe('traces in the default OTLP encoding (http/protobuf)', () => {
  let receiver: OtlpReceiver;
  let stack: TestStack;

  beforeAll(async () => {
    receiver = await OtlpReceiver.start();
    stack = await TestStack.start({
      services: ['auth'],
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, OTEL_BSP_SCHEDULE_DELAY: '200' },
    });
  });

  afterAll(async () => {
    await stack?.teardown();
    await receiver?.close();
  });

  it('a request to the auth subgraph arrives as protobuf spans with service.name, trace ids and attributes', async () => {
    const traceId = randomBytes(16).toString('hex');
    const clientSpanId = randomBytes(8).toString('hex');
    const response = await fetch(stack.url('auth', '/graphql'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', traceparent: `00-${traceId}-${clientSpanId}-01` },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(response.status).toBe(200);

    const spans = await eventually(
      async () => {
        const trace = receiver.trace(traceId);
        return trace.some((span) => span.kind === SERVER) ? trace : undefined;
      },
      30_000,
      'the spans of the request',
    );
    expect(receiver.contentTypes.length).toBeGreaterThan(0);
    expect(receiver.contentTypes.every((type) => type.startsWith('application/x-protobuf'))).toBe(true);
    const server = spans.find((span) => span.kind === SERVER);
    expect(server).toMatchObject({ service: 'auth-subgraph', name: 'POST /graphql', parentSpanId: clientSpanId });
    expect(server?.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(server?.attributes['http.request.method'] ?? server?.attributes['http.method']).toBe('POST');
  });
});
