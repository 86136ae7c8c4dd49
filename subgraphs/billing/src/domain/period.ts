import { BadUserInputError } from '@saas/errors';

/** A billing period: one calendar month in UTC, `[start, end)`. */
export interface Period {
  /** `YYYY-MM`. */
  key: string;
  start: Date;
  end: Date;
}

const PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/;
const MS_PER_SECOND = 1_000;

function monthPeriod(year: number, monthIndex: number): Period {
  const start = new Date(Date.UTC(year, monthIndex, 1));
  const end = new Date(Date.UTC(year, monthIndex + 1, 1));
  return { key: `${String(start.getUTCFullYear()).padStart(4, '0')}-${String(start.getUTCMonth() + 1).padStart(2, '0')}`, start, end };
}

/** `YYYY-MM` (2000-01 to 9999-12); anything else is BAD_USER_INPUT naming `field`. */
export function parsePeriod(value: string, field = 'period'): Period {
  const match = PERIOD.exec(value.trim());
  const year = Number(match?.[1]);
  if (!match || year < 2000) throw new BadUserInputError(`Period must be a month as YYYY-MM (e.g. 2026-05), got "${value}".`, field);
  return monthPeriod(year, Number(match[2]) - 1);
}

export function periodContaining(at: Date): Period {
  return monthPeriod(at.getUTCFullYear(), at.getUTCMonth());
}

export function previousPeriod(period: Period): Period {
  return monthPeriod(period.start.getUTCFullYear(), period.start.getUTCMonth() - 1);
}

/**
 * The interval a plan's price is for, containing `at`: the calendar month for MONTH plans,
 * the calendar year for YEAR plans (a month of a yearly plan is charged its share of the year,
 * and the twelve shares add up to exactly the yearly price: see `prorate`).
 */
export function priceIntervalOf(interval: 'MONTH' | 'YEAR', at: Date): { start: Date; end: Date } {
  if (interval === 'MONTH') return periodContaining(at);
  return { start: new Date(Date.UTC(at.getUTCFullYear(), 0, 1)), end: new Date(Date.UTC(at.getUTCFullYear() + 1, 0, 1)) };
}

/** Whole seconds from `from` to `to` (partial seconds dropped): prorations count seconds. */
export function secondsBetween(from: Date, to: Date): number {
  return Math.floor((to.getTime() - from.getTime()) / MS_PER_SECOND);
}

export function maxDate(a: Date, b: Date): Date {
  return a.getTime() >= b.getTime() ? a : b;
}

export function minDate(a: Date, b: Date): Date {
  return a.getTime() <= b.getTime() ? a : b;
}

/** `2026-05-14 09:30 UTC`, for line descriptions. */
export function formatInstant(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
