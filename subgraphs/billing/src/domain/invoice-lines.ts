import { multiplyCents, prorate, type Cents } from './money';
import { formatInstant, maxDate, minDate, type Period, priceIntervalOf, secondsBetween } from './period';

export type LineKind = 'PLAN_FEE' | 'USAGE' | 'PRORATION';

/** What an invoice needs of a plan. */
export interface PlanPrice {
  code: string;
  name: string;
  priceCents: Cents;
  interval: 'MONTH' | 'YEAR';
  includedInstanceHours: number;
  overageCentsPerInstanceHour: Cents;
}

/** A span of time a tenant was on a plan; `endedAt` null while it still is. */
export interface TermSpan {
  plan: PlanPrice;
  startedAt: Date;
  endedAt: Date | null;
}

export interface DraftLine {
  kind: LineKind;
  description: string;
  quantity: number;
  unitAmountCents: Cents;
  amountCents: Cents;
}

/**
 * The lines of one tenant's invoice for one period, billed in arrears:
 * - each plan term overlapping the period: a PLAN_FEE when it covers the whole period,
 *   otherwise a PRORATION for its part (see `prorate`: position-based, rounded half up, so the
 *   parts of one plan add up to its full price);
 * - USAGE: instance-hours of the whole period beyond the included hours of the plan the tenant
 *   is on at the end of the period (or was on last), at that plan's overage price. Included
 *   hours are not prorated.
 * Every line is `quantity × unitAmountCents = amountCents`; the total is the sum of the lines.
 */
export function invoiceLines(period: Period, terms: readonly TermSpan[], usageHours: number): DraftLine[] {
  const lines: DraftLine[] = [];
  const ordered = [...terms].sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
  for (const term of ordered) {
    const from = maxDate(term.startedAt, period.start);
    const to = minDate(term.endedAt ?? period.end, period.end);
    if (to.getTime() <= from.getTime()) continue;
    const interval = priceIntervalOf(term.plan.interval, period.start);
    const length = secondsBetween(interval.start, interval.end);
    const amount = prorate(term.plan.priceCents, secondsBetween(interval.start, from), secondsBetween(interval.start, to), length);
    const whole = from.getTime() === period.start.getTime() && to.getTime() === period.end.getTime();
    const yearly = term.plan.interval === 'YEAR' ? ' (monthly share of the yearly price)' : '';
    lines.push({
      kind: whole ? 'PLAN_FEE' : 'PRORATION',
      description: whole
        ? `${term.plan.name} plan, ${period.key}${yearly}`
        : `${term.plan.name} plan, ${formatInstant(from)} to ${formatInstant(to)} (prorated)${yearly}`,
      quantity: 1,
      unitAmountCents: amount,
      amountCents: amount,
    });
  }
  const usagePlan = planForUsage(ordered, period);
  if (usagePlan) {
    const beyond = Math.max(0, usageHours - usagePlan.includedInstanceHours);
    if (beyond > 0 && usagePlan.overageCentsPerInstanceHour > 0) {
      lines.push({
        kind: 'USAGE',
        description: `${usageHours} instance-hours, ${usagePlan.includedInstanceHours} included in ${usagePlan.name}: ${beyond} beyond`,
        quantity: beyond,
        unitAmountCents: usagePlan.overageCentsPerInstanceHour,
        amountCents: multiplyCents(usagePlan.overageCentsPerInstanceHour, beyond),
      });
    }
  }
  return lines;
}

/** The plan of the last term that started before the period ended. */
function planForUsage(ordered: readonly TermSpan[], period: Period): PlanPrice | null {
  const started = ordered.filter((term) => term.startedAt.getTime() < period.end.getTime());
  return started.at(-1)?.plan ?? null;
}
