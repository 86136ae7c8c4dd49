/**
 * Money is integer cents (a safe integer), never a float: every computation here is integer
 * arithmetic, and a division is done in BigInt with an explicit rounding rule.
 */
export type Cents = number;

/** Throws unless `value` is a safe integer: a float or an overflow never reaches an invoice. */
export function assertCents(value: number, what = 'amount'): Cents {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${what} must be a whole number of cents, got ${value}`);
  return value;
}

function assertNonNegativeInteger(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${what} must be a non-negative safe integer, got ${value}`);
}

/**
 * `amount × numerator ÷ denominator`, rounded half up (x.5 cents becomes x+1), exactly:
 * floor((2·a·n + d) ÷ 2d) in BigInt, so no intermediate is a float or can overflow.
 * All inputs are non-negative integers (prices and positions are never negative).
 */
export function mulDivRoundHalfUp(amount: number, numerator: number, denominator: number): Cents {
  assertNonNegativeInteger(amount, 'amount');
  assertNonNegativeInteger(numerator, 'numerator');
  assertNonNegativeInteger(denominator, 'denominator');
  if (denominator === 0) throw new RangeError('denominator must be positive');
  const d = BigInt(denominator);
  const result = (2n * BigInt(amount) * BigInt(numerator) + d) / (2n * d);
  return assertCents(Number(result), 'prorated amount');
}

/**
 * The part of `price` earned `offset` seconds into an interval of `length` seconds (offset
 * clamped to the interval), rounded half up.
 */
export function earnedAt(price: Cents, offsetSeconds: number, lengthSeconds: number): Cents {
  const offset = Math.min(Math.max(offsetSeconds, 0), lengthSeconds);
  return mulDivRoundHalfUp(price, offset, lengthSeconds);
}

/**
 * The rounding rule of prorations: the charge for the span [from, to) of an interval is
 * `earnedAt(to) − earnedAt(from)`, both rounded half up. A span's charge depends only on its
 * boundary positions, so the charges of consecutive spans at one price telescope to exactly
 * the price of the whole interval: however a period is cut (plan changes, a year cut into
 * months), no cent is lost or invented. Each charge is within one cent of the exact share.
 */
export function prorate(price: Cents, fromSeconds: number, toSeconds: number, lengthSeconds: number): Cents {
  assertNonNegativeInteger(price, 'price');
  if (toSeconds <= fromSeconds) return 0;
  return earnedAt(price, toSeconds, lengthSeconds) - earnedAt(price, fromSeconds, lengthSeconds);
}

/** `unit × quantity`, refusing anything but a safe integer result. */
export function multiplyCents(unit: Cents, quantity: number): Cents {
  assertCents(unit, 'unit amount');
  assertCents(quantity, 'quantity');
  return assertCents(unit * quantity, 'line amount');
}

/** Totals are the sum of their lines, never computed separately. */
export function sumCents(values: readonly Cents[]): Cents {
  return values.reduce((total, value) => assertCents(total + assertCents(value), 'total'), 0);
}

/** `€12.34`-style amount for descriptions (integer arithmetic; never a float division). */
export function formatCents(cents: Cents, currency: string): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${currency} ${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
