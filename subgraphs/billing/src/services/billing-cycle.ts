import type { Logger } from '@saas/logger';
import { type Period, periodContaining, previousPeriod } from '../domain/period';
import type { DunningResult, DunningService } from './dunning.service';
import type { CloseResult, InvoiceIssuer } from './invoice-issuer.service';

/**
 * How long after a period ended the scheduled cycle waits before closing it: status events
 * still in flight (a STOP published at 23:59:59) are metered first, since an issued invoice
 * is final.
 */
export const SETTLE_MS = 3_600_000;
/** How many ended periods the scheduled cycle looks back: a process down across a month end still closes it. */
export const CATCH_UP_PERIODS = 3;

export interface CycleResult {
  closed: CloseResult[];
  dunning: DunningResult;
}

/**
 * The periods a cycle as of `now` closes, oldest first: the last `CATCH_UP_PERIODS` months
 * that ended at least `SETTLE_MS` ago. Closing is idempotent, so periods closed before cost
 * one query each.
 */
export function periodsToClose(now: Date, settleMs = SETTLE_MS, catchUp = CATCH_UP_PERIODS): Period[] {
  let period = previousPeriod(periodContaining(now));
  if (period.end.getTime() + settleMs > now.getTime()) period = previousPeriod(period);
  const periods: Period[] = [];
  for (let index = 0; index < catchUp; index += 1) {
    periods.unshift(period);
    period = previousPeriod(period);
  }
  return periods;
}

/**
 * One billing cycle as of `now`: close the periods that ended (idempotent), hand drafts the
 * payment provider refused before to it again, then chase what is owed. The scheduler runs it hourly with the real clock; the CLIs run its halves as of a
 * chosen instant.
 */
export class BillingCycle {
  constructor(
    private readonly issuer: InvoiceIssuer,
    private readonly dunning: DunningService,
    private readonly logger: Logger,
  ) {}

  async run(now: Date): Promise<CycleResult> {
    const closed: CloseResult[] = [];
    for (const period of periodsToClose(now)) closed.push(await this.issuer.closePeriod(period, now));
    await this.issuer.finalizeDrafts(now);
    const dunning = await this.dunning.run(now);
    this.logger.debug({ closed, dunning }, 'billing cycle done');
    return { closed, dunning };
  }
}
