import type { Logger } from '@saas/logger';
import type { BillingCycle } from '../services/billing-cycle';
import type { Clock } from '../services/clock';

/**
 * Runs the billing cycle in the process: shortly after start, then every `intervalMs`
 * (hourly by default), never two at once. Each run is idempotent, so several replicas, a
 * restart or a missed hour change nothing.
 */
export class BillingScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly cycle: () => BillingCycle,
    private readonly clock: Clock,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {}

  start(firstRunDelayMs = 5_000): void {
    if (this.intervalMs <= 0) {
      this.logger.info('billing scheduler disabled (BILLING_CYCLE_INTERVAL_MS=0)');
      return;
    }
    this.schedule(firstRunDelayMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.running = this.cycle()
        .run(this.clock())
        .then(
          () => undefined,
          (error: unknown) => this.logger.error({ err: error }, 'billing cycle failed; retrying at the next run'),
        )
        .finally(() => {
          this.running = undefined;
          if (!this.stopped) this.schedule(this.intervalMs);
        });
    }, delayMs);
    this.timer.unref();
  }
}
