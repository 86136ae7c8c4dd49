import type { Logger } from '@saas/logger';
import { type Period, periodContaining, previousPeriod } from '../domain/period';
import type { DunningResult, DunningService } from './dunning.service';
import type { CloseResult, InvoiceIssuer } from './invoice-issuer.service';

export interface CycleResult {
  closed: CloseResult;
  dunning: DunningResult;
}

/**
 * One billing cycle as of `now`: close the period that ended last (idempotent), then chase
 * unpaid invoices. The scheduler runs it hourly with the real clock; the CLIs run it, or its
 * halves, as of a chosen instant.
 */
export class BillingCycle {
  constructor(
    private readonly issuer: InvoiceIssuer,
    private readonly dunning: DunningService,
    private readonly logger: Logger,
  ) {}

  async run(now: Date, period: Period = previousPeriod(periodContaining(now))): Promise<CycleResult> {
    const closed = await this.issuer.closePeriod(period, now);
    const dunning = await this.dunning.run(now);
    this.logger.debug({ closed, dunning }, 'billing cycle done');
    return { closed, dunning };
  }
}
