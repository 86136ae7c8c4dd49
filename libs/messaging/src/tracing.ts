import {
  type Context,
  context,
  propagation,
  type Span,
  SpanKind,
  SpanStatusCode,
  type TextMapGetter,
  trace,
} from '@opentelemetry/api';
import type { AsyncMessage, ConsumerStatus } from 'rabbitmq-client';

const tracer = trace.getTracer('@saas/messaging');

type Headers = Record<string, unknown> | undefined;

/** AMQP header values arrive as strings or buffers, depending on how they were encoded. */
const headerGetter: TextMapGetter<Headers> = {
  keys: (headers) => Object.keys(headers ?? {}),
  get: (headers, key) => {
    const value = headers?.[key];
    if (typeof value === 'string') return value;
    if (Buffer.isBuffer(value)) return value.toString('utf8');
    return undefined;
  },
};

/** A copy of `headers` with the active trace context (W3C `traceparent`, `tracestate`) added. */
export function withTraceHeaders(headers: Record<string, unknown> = {}): Record<string, unknown> {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return { ...headers, ...carrier };
}

/** The trace context a message was published in (the root context if it carries none). */
export function contextOfHeaders(headers: Headers): Context {
  return propagation.extract(context.active(), headers, headerGetter);
}

/** Runs `work` in a span; an error ends it as failed and is re-thrown. */
export async function inSpan<T>(span: Span, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
    throw error;
  } finally {
    span.end();
  }
}

/**
 * Wraps a consumer's handler: each message is handled in a `<queue> process` span, a child
 * of the context the producer put in its headers, so the trace of the request that caused
 * the message goes on (and log lines of the handler carry its trace id).
 */
export function tracedHandler(
  queue: string,
  handler: (message: AsyncMessage) => Promise<ConsumerStatus | void>,
): (message: AsyncMessage) => Promise<ConsumerStatus | void> {
  return (message) => {
    const parent = contextOfHeaders(message.headers);
    const span = tracer.startSpan(
      `${queue} process`,
      {
        kind: SpanKind.CONSUMER,
        attributes: {
          'messaging.system': 'rabbitmq',
          'messaging.operation.type': 'process',
          'messaging.destination.name': queue,
          'messaging.rabbitmq.destination.routing_key': message.routingKey ?? '',
          'messaging.message.id': message.messageId ?? '',
          'messaging.rabbitmq.message.redelivered': message.redelivered,
        },
      },
      parent,
    );
    return context.with(trace.setSpan(parent, span), () =>
      inSpan(span, async () => {
        const status = await handler(message);
        if (status !== undefined) span.setAttribute('messaging.rabbitmq.consumer.status', String(status));
        return status;
      }),
    );
  };
}

/** A `<destination> publish` span for a message, child of `parent`; its headers carry it on. */
export function startPublishSpan(destination: string, routingKey: string, parent: Context): { span: Span; context: Context } {
  const span = tracer.startSpan(
    `${destination || routingKey} publish`,
    {
      kind: SpanKind.PRODUCER,
      attributes: {
        'messaging.system': 'rabbitmq',
        'messaging.operation.type': 'send',
        'messaging.destination.name': destination || routingKey,
        'messaging.rabbitmq.destination.routing_key': routingKey,
      },
    },
    parent,
  );
  return { span, context: trace.setSpan(parent, span) };
}
