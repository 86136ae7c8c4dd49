import { type Span, SpanStatusCode, trace } from '@opentelemetry/api';

const tracer = trace.getTracer('provisioning-worker');

/**
 * One span per job step (`step image`, `step database` ...), each from its report to the
 * next, under the job's span: a trace shows where the time of a job went and which step
 * failed. Steps are reported inside the job handler, not around its calls, so the engine
 * and database calls of a step are siblings of its span (children of the job's), and
 * line up with it in time.
 */
export class StepSpans {
  private current: Span | undefined;

  begin(step: string, attributes: Record<string, string | number>): void {
    this.end();
    this.current = tracer.startSpan(`step ${step}`, { attributes: { 'saas.job.step': step, ...attributes } });
  }

  /** Ends the running step; with an error, marks it as the step that failed. */
  end(error?: { code: string; message: string }): void {
    if (!this.current) return;
    if (error) this.current.setStatus({ code: SpanStatusCode.ERROR, message: `${error.code}: ${error.message}` });
    this.current.end();
    this.current = undefined;
  }
}

/** Runs one job attempt in a `job <TYPE>` span. */
export function inJobSpan<T>(type: string, attributes: Record<string, string | number>, work: (span: Span) => Promise<T>): Promise<T> {
  return tracer.startActiveSpan(`job ${type}`, { attributes }, async (span) => {
    try {
      return await work(span);
    } finally {
      span.end();
    }
  });
}
