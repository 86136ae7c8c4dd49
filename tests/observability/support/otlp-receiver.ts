import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeProtobufTraces } from './otlp-protobuf';

/** One span as the test reads it, with the `service.name` of the process that sent it. */
export interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
}

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  boolValue?: boolean;
  doubleValue?: number;
}

interface OtlpAttribute {
  key: string;
  value: OtlpValue;
}

/** `ExportTraceServiceRequest` as OTLP/JSON writes it (ids in hex, enums as numbers). */
export interface OtlpTraces {
  resourceSpans?: Array<{
    resource?: { attributes?: OtlpAttribute[] };
    scopeSpans?: Array<{
      spans?: Array<{ traceId: string; spanId: string; parentSpanId?: string; name: string; kind: number; attributes?: OtlpAttribute[] }>;
    }>;
  }>;
}

/**
 * A tiny OTLP/HTTP receiver for tests: accepts `POST /v1/traces` on 127.0.0.1 in both
 * encodings, protobuf (the default, decoded with the official OpenTelemetry definitions:
 * ./otlp-protobuf.ts) and JSON (`OTEL_EXPORTER_OTLP_PROTOCOL=http/json`), and keeps every
 * span in memory with the encoding it came in.
 */
export class OtlpReceiver {
  private constructor(
    private readonly server: http.Server,
    readonly endpoint: string,
    /** Every span received so far. */
    readonly spans: ReceivedSpan[],
    /** The content type of every export request received so far. */
    readonly contentTypes: string[],
  ) {}

  static async start(): Promise<OtlpReceiver> {
    const spans: ReceivedSpan[] = [];
    const contentTypes: string[] = [];
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        if (req.method === 'POST' && req.url === '/v1/traces') {
          const contentType = req.headers['content-type'] ?? '';
          const body = Buffer.concat(chunks);
          try {
            const traces = contentType.startsWith('application/x-protobuf') ? decodeProtobufTraces(body) : (JSON.parse(body.toString('utf8')) as OtlpTraces);
            spans.push(...spansOf(traces));
            contentTypes.push(contentType);
          } catch {
            res.writeHead(400).end();
            return;
          }
          // An empty ExportTraceServiceResponse: zero bytes in protobuf, `{}` in JSON.
          if (contentType.startsWith('application/x-protobuf')) {
            res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
            return;
          }
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new OtlpReceiver(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`, spans, contentTypes);
  }

  /** The spans of one trace. */
  trace(traceId: string): ReceivedSpan[] {
    return this.spans.filter((span) => span.traceId === traceId);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function spansOf(body: OtlpTraces): ReceivedSpan[] {
  return (body.resourceSpans ?? []).flatMap((resourceSpans) => {
    const service = String(attributesOf(resourceSpans.resource?.attributes)['service.name'] ?? 'unknown');
    return (resourceSpans.scopeSpans ?? []).flatMap((scopeSpans) =>
      (scopeSpans.spans ?? []).map((span) => ({
        service,
        traceId: span.traceId,
        spanId: span.spanId,
        parentSpanId: span.parentSpanId || undefined,
        name: span.name,
        kind: span.kind,
        attributes: attributesOf(span.attributes),
      })),
    );
  });
}

function attributesOf(attributes: OtlpAttribute[] | undefined): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const { key, value } of attributes ?? []) {
    result[key] = value.stringValue ?? value.intValue ?? value.boolValue ?? value.doubleValue;
  }
  return result;
}
