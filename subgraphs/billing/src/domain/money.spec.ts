import fc from 'fast-check';
import { assertCents, earnedAt, formatCents, mulDivRoundHalfUp, multiplyCents, prorate, sumCents } from './money';

const price = fc.integer({ min: 0, max: 10_000_000 });
/** Interval lengths from one second to a leap year, in seconds. */
const length = fc.integer({ min: 1, max: 366 * 86_400 });

/** Sorted cut points of [0, length]: a partition of the interval into consecutive spans. */
const partition = length.chain((total) =>
  fc
    .uniqueArray(fc.integer({ min: 1, max: Math.max(1, total - 1) }), { maxLength: 30 })
    .map((cuts) => ({ total, points: [0, ...cuts.filter((cut) => cut < total).sort((a, b) => a - b), total] })),
);

describe('money: integer cents, explicit rounding', () => {
  it('rounds half up exactly, without floats', () => {
    expect(mulDivRoundHalfUp(1, 1, 2)).toBe(1); // 0.5 -> 1
    expect(mulDivRoundHalfUp(1, 1, 3)).toBe(0); // 0.33 -> 0
    expect(mulDivRoundHalfUp(2, 1, 3)).toBe(1); // 0.67 -> 1
    expect(mulDivRoundHalfUp(3, 1, 2)).toBe(2); // 1.5 -> 2
    expect(mulDivRoundHalfUp(2900, 1_339_200, 2_678_400)).toBe(1450); // half of May
    // Beyond 2^53 in the intermediate product: still exact (BigInt).
    expect(mulDivRoundHalfUp(9_000_000_000, 9_000_000_000, 9_000_000_000)).toBe(9_000_000_000);
  });

  it('refuses floats, negatives and a zero denominator', () => {
    expect(() => mulDivRoundHalfUp(1.5, 1, 2)).toThrow(RangeError);
    expect(() => mulDivRoundHalfUp(-1, 1, 2)).toThrow(RangeError);
    expect(() => mulDivRoundHalfUp(1, 1, 0)).toThrow(RangeError);
    expect(() => assertCents(0.1 + 0.2)).toThrow(RangeError);
    expect(() => sumCents([1, 0.5])).toThrow(RangeError);
    expect(() => multiplyCents(Number.MAX_SAFE_INTEGER, 2)).toThrow(RangeError);
  });

  it('is within half a cent of the exact share, and always an integer', () => {
    fc.assert(
      fc.property(price, length, fc.nat(), (p, total, raw) => {
        const offset = raw % (total + 1);
        const amount = earnedAt(p, offset, total);
        expect(Number.isSafeInteger(amount)).toBe(true);
        // |amount - p*offset/total| <= 1/2  <=>  |2*amount*total - 2*p*offset| <= total (exact in BigInt)
        const error = 2n * BigInt(amount) * BigInt(total) - 2n * BigInt(p) * BigInt(offset);
        expect(error <= BigInt(total) && error > -BigInt(total)).toBe(true);
      }),
    );
  });

  it('never loses or invents a cent: the spans of any partition add up to exactly the price', () => {
    fc.assert(
      fc.property(price, partition, (p, { total, points }) => {
        const parts = points.slice(1).map((end, index) => prorate(p, points[index] ?? 0, end, total));
        expect(parts.every((part) => Number.isSafeInteger(part) && part >= 0)).toBe(true);
        expect(sumCents(parts)).toBe(p);
      }),
    );
  });

  it('each span is within one cent of its exact share', () => {
    fc.assert(
      fc.property(price, length, fc.nat(), fc.nat(), (p, total, a, b) => {
        const [from, to] = [a % (total + 1), b % (total + 1)].sort((x, y) => x - y) as [number, number];
        const amount = prorate(p, from, to, total);
        const error = BigInt(amount) * BigInt(total) - BigInt(p) * BigInt(to - from);
        expect(error < BigInt(total) && error > -BigInt(total)).toBe(true);
      }),
    );
  });

  it('is monotonic: a longer span or a higher price never costs less', () => {
    fc.assert(
      fc.property(price, price, length, fc.nat(), fc.nat(), (p1, p2, total, a, b) => {
        const [shorter, longer] = [a % (total + 1), b % (total + 1)].sort((x, y) => x - y) as [number, number];
        expect(prorate(p1, 0, shorter, total)).toBeLessThanOrEqual(prorate(p1, 0, longer, total));
        const [low, high] = [p1, p2].sort((x, y) => x - y) as [number, number];
        expect(prorate(low, 0, longer, total)).toBeLessThanOrEqual(prorate(high, 0, longer, total));
      }),
    );
  });

  it('has exact boundaries: nothing for an empty span, the full price for the whole interval', () => {
    fc.assert(
      fc.property(price, length, fc.nat(), (p, total, raw) => {
        const at = raw % (total + 1);
        expect(prorate(p, at, at, total)).toBe(0);
        expect(prorate(p, 0, total, total)).toBe(p);
        // Positions outside the interval are clamped to it.
        expect(prorate(p, 0, total + 1_000, total)).toBe(p);
      }),
    );
  });

  it('totals are the exact sum of their lines, and refuse what would lose a cent', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }), { maxLength: 50 }), (lines) => {
        expect(BigInt(sumCents(lines))).toBe(lines.reduce((sum, line) => sum + BigInt(line), 0n));
      }),
    );
    // Beyond 2^53 a float sum silently rounds; a total that large is refused instead.
    expect(() => sumCents([Number.MAX_SAFE_INTEGER, 1])).toThrow();
    expect(() => sumCents([0.5])).toThrow();
  });

  it('formats cents with integer arithmetic', () => {
    expect(formatCents(2900, 'EUR')).toBe('EUR 29.00');
    expect(formatCents(5, 'EUR')).toBe('EUR 0.05');
    expect(formatCents(-1234, 'EUR')).toBe('-EUR 12.34');
  });
});
