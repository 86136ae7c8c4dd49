import type { OtlpTraces } from './otlp-receiver';

/**
 * Decodes an OTLP/HTTP protobuf body (`ExportTraceServiceRequest`) with the official
 * OpenTelemetry definitions, independently of the exporter's own encoder: the static
 * protobufjs module `@opentelemetry/otlp-transformer` 0.57 generated from the
 * opentelemetry-proto repository (later versions encode by hand and ship no definitions).
 */
interface MessageType {
  decode(body: Uint8Array): object;
  toObject(message: object, options: { longs: StringConstructor; enums: NumberConstructor; bytes: StringConstructor; defaults: boolean }): unknown;
}

interface GeneratedRoot {
  opentelemetry: { proto: { collector: { trace: { v1: { ExportTraceServiceRequest: MessageType } } } } };
}

// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS module typed as a bare protobufjs Root
const root = require('@opentelemetry/otlp-transformer/build/src/generated/root') as GeneratedRoot;
const ExportTraceServiceRequest = root.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

/** The request in the shape of its JSON encoding: ids (bytes on the wire) in hex, as OTLP/JSON writes them. */
export function decodeProtobufTraces(body: Uint8Array): OtlpTraces {
  const decoded = ExportTraceServiceRequest.toObject(ExportTraceServiceRequest.decode(body), { longs: String, enums: Number, bytes: String, defaults: false }) as OtlpTraces;
  for (const resourceSpans of decoded.resourceSpans ?? []) {
    for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
      for (const span of scopeSpans.spans ?? []) {
        span.traceId = hex(span.traceId);
        span.spanId = hex(span.spanId);
        if (span.parentSpanId) span.parentSpanId = hex(span.parentSpanId);
      }
    }
  }
  return decoded;
}

function hex(base64: string): string {
  return Buffer.from(base64, 'base64').toString('hex');
}
