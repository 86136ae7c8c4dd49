import { trace } from '@opentelemetry/api';
import pino, { type Logger, type LoggerOptions } from 'pino';
import { redactDeep } from './redact';

export type { Logger } from 'pino';
export { CENSOR, isSensitiveKey, redactDeep, SENSITIVE_KEYS } from './redact';

export interface LoggerConfig {
  service: string;
  level?: LoggerOptions['level'];
  /** Where lines go; stdout by default. Tests pass a stream to capture them. */
  destination?: pino.DestinationStream;
}

/**
 * One JSON line per event, with the service name and the active trace id. Values of
 * sensitive keys (SENSITIVE_KEYS) are censored wherever they are nested.
 */
export function createLogger({ service, level = 'info', destination }: LoggerConfig): Logger {
  const options: LoggerOptions = {
    level,
    base: { service },
    messageKey: 'msg',
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: {
      level: (label) => ({ level: label }),
      // Sensitive keys at any depth of the logged object (child bindings: redactChildBindings).
      log: (object) => redactDeep(object),
    },
    // Runs after `formatters.log`: an error's own fields (a client error's request headers) too.
    serializers: { err: serializeError },
    mixin() {
      const context = trace.getActiveSpan()?.spanContext();
      return context ? { trace_id: context.traceId, span_id: context.spanId } : {};
    },
  };
  return redactChildBindings(destination ? pino(options, destination) : pino(options));
}

/** pino's error serializer, then the same redaction as every logged object. */
function serializeError(error: unknown): unknown {
  const serialized: unknown = pino.stdSerializers.err(error as Error);
  return typeof serialized === 'object' && serialized !== null ? redactDeep({ ...serialized }) : serialized;
}

/**
 * pino formats a child's bindings without `formatters.bindings` (it resets it for
 * children): the root's `child`, inherited by every descendant, redacts them first.
 */
function redactChildBindings(logger: Logger): Logger {
  const child = logger.child;
  logger.child = function redactedChild(this: Logger, bindings, options) {
    return child.call(this, redactDeep(bindings), options);
  } as Logger['child'];
  return logger;
}
