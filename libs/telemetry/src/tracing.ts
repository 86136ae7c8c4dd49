import type { ClientRequest, IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import { diag, DiagConsoleLogger, DiagLogLevel } from '@opentelemetry/api';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { GraphQLInstrumentation } from '@opentelemetry/instrumentation-graphql';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { RedisInstrumentation } from '@opentelemetry/instrumentation-redis';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { startMetrics } from './metrics';
import { dockerApiRoute, dockerSpanName, pathOf, redactStatement } from './span-names';
import { traceExporterFromEnv } from './trace-exporter';

/**
 * The resources package of the SDK itself: a bundle (ops/build/bundle.ts) resolves packages
 * from the repository root, where @apollo/gateway's older 1.x is hoisted, whose resources
 * the 2.x provider cannot use.
 */
const { resourceFromAttributes } = createRequire(require.resolve('@opentelemetry/sdk-trace-node'))(
  '@opentelemetry/resources',
) as typeof import('@opentelemetry/resources');

/** Probes and scrapes: a span per Kubernetes/Prometheus poll would drown the real traffic. */
const UNTRACED_PATHS = new Set(['/health', '/ready', '/metrics']);

let provider: NodeTracerProvider | undefined;

/**
 * Tracing and metrics of one process. Call it before anything else is imported (each
 * main.ts imports its `telemetry.ts` first): instrumentations patch `http`, `pg`, `redis`
 * and `graphql` as they load, so a module loaded earlier would not be traced.
 *
 * Spans are always created (logs carry their trace ids); they leave the process only when
 * `OTEL_EXPORTER_OTLP_ENDPOINT` (or `..._TRACES_ENDPOINT`) is set, as OTLP over HTTP:
 * protobuf by default, JSON with `OTEL_EXPORTER_OTLP_PROTOCOL=http/json`.
 */
export function startTelemetry(serviceName: string): void {
  if (provider) return;
  startMetrics(serviceName);
  if (process.env.OTEL_SDK_DISABLED === 'true') return;
  if (process.env.OTEL_LOG_LEVEL === 'debug') diag.setLogger(new DiagConsoleLogger(), DiagLogLevel.DEBUG);
  const exporter = traceExporterFromEnv();
  provider = new NodeTracerProvider({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: process.env.OTEL_SERVICE_NAME ?? serviceName,
      'service.namespace': 'odoo-saas',
      ...(process.env.SAAS_ENV ? { 'deployment.environment.name': process.env.SAAS_ENV } : {}),
    }),
    spanProcessors: exporter ? [new BatchSpanProcessor(exporter)] : [],
  });
  // Registers W3C trace context + baggage propagation and the AsyncLocalStorage context.
  provider.register();
  registerInstrumentations({ tracerProvider: provider, instrumentations: instrumentations() });
}

/** Sends the spans still buffered; the last shutdown step of a process. */
export async function shutdownTelemetry(): Promise<void> {
  await provider?.shutdown().catch(() => undefined);
}

function instrumentations() {
  return [
    new HttpInstrumentation({
      ignoreIncomingRequestHook: (request) => UNTRACED_PATHS.has(pathOf(request.url)),
      // Named by route: the default is the bare method, which says nothing in a trace view.
      requestHook: (span, request) => {
        if (isIncoming(request)) {
          span.updateName(`${request.method ?? 'HTTP'} ${pathOf(request.url)}`);
        } else if (socketPathOf(request)) {
          // dockerode talks to the engine over its unix socket.
          span.updateName(dockerSpanName(request.method, request.path));
          span.setAttribute('docker.api.route', dockerApiRoute(request.path));
        } else {
          span.updateName(`${request.method} ${pathOf(request.path)}`);
        }
      },
    }),
    // Global fetch (subgraph -> subgraph calls, the worker's health wait).
    new UndiciInstrumentation({
      ignoreRequestHook: (request) => UNTRACED_PATHS.has(pathOf(request.path)),
      requestHook: (span, request) => span.updateName(`${request.method} ${pathOf(request.path)}`),
    }),
    new PgInstrumentation({
      // Pool housekeeping and pollers outside any request would each start a trace.
      requireParentSpan: true,
      enhancedDatabaseReporting: false,
      requestHook: (span, { query }) => {
        const redacted = redactStatement(query.text);
        if (redacted) {
          span.setAttribute('db.statement', redacted);
          span.setAttribute('db.query.text', redacted);
        }
      },
    }),
    new RedisInstrumentation({
      requireParentSpan: true,
      // The command only: values may be tokens or session ids.
      dbStatementSerializer: (command) => command,
    }),
    new GraphQLInstrumentation({ ignoreResolveSpans: true, allowValues: false }),
  ];
}

function isIncoming(request: ClientRequest | IncomingMessage): request is IncomingMessage {
  return 'httpVersion' in request;
}

/** Node keeps the `socketPath` option on the request (not in its typings). */
function socketPathOf(request: ClientRequest): string | undefined {
  const socketPath = (request as ClientRequest & { socketPath?: unknown }).socketPath;
  return typeof socketPath === 'string' ? socketPath : undefined;
}
