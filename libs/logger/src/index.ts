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
    mixin() {
      const context = trace.getActiveSpan()?.spanContext();
      return context ? { trace_id: context.traceId, span_id: context.spanId } : {};
    },
  };
  return redactChildBindings(destination ? pino(options, destination) : pino(options));
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
