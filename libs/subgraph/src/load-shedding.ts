import { ErrorCode } from '@saas/errors';
import type { ReadinessCheck } from '@saas/http';
import type { RequestHandler } from 'express';

/**
 * Bounded concurrency for one subgraph process: at most `limit` GraphQL requests at once;
 * the next one is answered at once with 503 `SERVICE_UNAVAILABLE` (and `Retry-After`) instead
 * of queueing without bound behind a slow one. Readiness reports the saturation, so a load
 * balancer sends traffic elsewhere.
 */
export class LoadShedder {
  private inFlight = 0;
  private shed = 0;

  constructor(private readonly limit: number) {}

  readonly middleware: RequestHandler = (_req, res, next) => {
    if (this.inFlight >= this.limit) {
      this.shed += 1;
      res
        .status(503)
        .set('Retry-After', '1')
        .json({ errors: [{ message: 'The service is busy; try again in a moment.', extensions: { code: ErrorCode.SERVICE_UNAVAILABLE, retryAfter: 1 } }] });
      return;
    }
    this.inFlight += 1;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.inFlight -= 1;
    };
    res.on('finish', release);
    res.on('close', release);
    next();
  };

  /** Fails while every slot is taken. */
  readonly readiness: ReadinessCheck = {
    name: 'capacity',
    check: async () => {
      if (this.inFlight >= this.limit) throw new Error(`saturated: ${this.inFlight} of ${this.limit} requests in flight (${this.shed} shed so far)`);
    },
  };

  get stats(): { inFlight: number; shed: number; limit: number } {
    return { inFlight: this.inFlight, shed: this.shed, limit: this.limit };
  }
}
