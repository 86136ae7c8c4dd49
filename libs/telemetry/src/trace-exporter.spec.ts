import { OTLPTraceExporter as OTLPJsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OTLPProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import type { SpanExporter } from '@opentelemetry/sdk-trace-node';
import { traceExporterFromEnv } from './trace-exporter';

describe('trace exporter choice', () => {
  const created: SpanExporter[] = [];
  const choose = (env: NodeJS.ProcessEnv) => {
    const exporter = traceExporterFromEnv(env);
    if (exporter) created.push(exporter);
    return exporter;
  };

  afterAll(async () => {
    await Promise.all(created.map((exporter) => exporter.shutdown()));
  });

  it('exports nothing without an OTLP endpoint, or with an empty one (compose without the observability profile)', () => {
    expect(choose({})).toBeUndefined();
    expect(choose({ OTEL_EXPORTER_OTLP_ENDPOINT: '' })).toBeUndefined();
    expect(choose({ OTEL_EXPORTER_OTLP_ENDPOINT: '', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: '' })).toBeUndefined();
    expect(choose({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' })).toBeUndefined();
  });

  it('exports OTLP over HTTP with protobuf when an endpoint is set', () => {
    expect(choose({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318' })).toBeInstanceOf(OTLPProtoTraceExporter);
    expect(choose({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:4318/v1/traces' })).toBeInstanceOf(OTLPProtoTraceExporter);
    // An unsupported protocol (grpc) falls back to protobuf over HTTP.
    expect(choose({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })).toBeInstanceOf(OTLPProtoTraceExporter);
  });

  it('exports OTLP JSON when the protocol says http/json', () => {
    expect(choose({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' })).toBeInstanceOf(OTLPJsonTraceExporter);
    expect(
      choose({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf', OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json' }),
    ).toBeInstanceOf(OTLPJsonTraceExporter);
  });
});
