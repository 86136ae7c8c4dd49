import { diag } from '@opentelemetry/api';
import { OTLPTraceExporter as OTLPJsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OTLPProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import type { SpanExporter } from '@opentelemetry/sdk-trace-node';

/**
 * Where spans go: nowhere unless `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` or
 * `OTEL_EXPORTER_OTLP_ENDPOINT` is set (an empty value is unset: docker-compose passes
 * `${OTEL_EXPORTER_OTLP_ENDPOINT:-}`), else OTLP over HTTP, protobuf by default and JSON
 * with `OTEL_EXPORTER_OTLP_PROTOCOL=http/json`.
 */
export function traceExporterFromEnv(env: NodeJS.ProcessEnv = process.env): SpanExporter | undefined {
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!endpoint) return undefined;
  const protocol = env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL || env.OTEL_EXPORTER_OTLP_PROTOCOL || 'http/protobuf';
  // The exporters read the endpoint (and headers, timeout) from the same variables.
  if (protocol === 'http/json') return new OTLPJsonTraceExporter();
  if (protocol !== 'http/protobuf') diag.warn(`OTLP protocol ${protocol} is not supported here; using http/protobuf`);
  return new OTLPProtoTraceExporter();
}
