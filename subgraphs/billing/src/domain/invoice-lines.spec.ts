import fc from 'fast-check';
import { invoiceLines, type PlanPrice } from './invoice-lines';
import { sumCents } from './money';
import { parsePeriod } from './period';

const starter: PlanPrice = { code: 'starter', name: 'Starter', priceCents: 2900, interval: 'MONTH', includedInstanceHours: 10, overageCentsPerInstanceHour: 5 };
const business: PlanPrice = { code: 'business', name: 'Business', priceCents: 9900, interval: 'MONTH', includedInstanceHours: 100, overageCentsPerInstanceHour: 4 };
const trial: PlanPrice = { code: 'trial', name: 'Trial', priceCents: 0, interval: 'MONTH', includedInstanceHours: 744, overageCentsPerInstanceHour: 0 };
const yearly: PlanPrice = { code: 'yearly', name: 'Yearly', priceCents: 100_000, interval: 'YEAR', includedInstanceHours: 0, overageCentsPerInstanceHour: 0 };
const may = parsePeriod('2026-05');
const mid = new Date('2026-05-16T12:00:00Z'); // exactly half of May (31 days)

describe('invoice lines', () => {
  it('bills a whole month as a plan fee, and usage beyond the included hours', () => {
    const lines = invoiceLines(may, [{ plan: starter, startedAt: new Date('2026-01-01T00:00:00Z'), endedAt: null }], 13);
    expect(lines).toEqual([
      { kind: 'PLAN_FEE', description: 'Starter plan, 2026-05', quantity: 1, unitAmountCents: 2900, amountCents: 2900 },
      { kind: 'USAGE', description: '13 instance-hours, 10 included in Starter: 3 beyond', quantity: 3, unitAmountCents: 5, amountCents: 15 },
    ]);
  });

  it('prorates a plan change by seconds, pricing usage with the plan at the end of the period', () => {
    const lines = invoiceLines(
      may,
      [
        { plan: starter, startedAt: new Date('2026-04-01T00:00:00Z'), endedAt: mid },
        { plan: business, startedAt: mid, endedAt: null },
      ],
      101,
    );
    expect(lines.map((line) => [line.kind, line.amountCents])).toEqual([
      ['PRORATION', 1450],
      ['PRORATION', 4950],
      ['USAGE', 4],
    ]);
  });

  it('starts paying when the trial ends mid-period and charges nothing before', () => {
    const start = new Date('2026-05-10T08:00:00Z');
    const lines = invoiceLines(may, [{ plan: trial, startedAt: new Date('2026-05-03T00:00:00Z'), endedAt: start }, { plan: starter, startedAt: start, endedAt: null }], 0);
    const seconds = 31 * 86_400;
    const before = Math.round(((start.getTime() - may.start.getTime()) / 1000 / seconds) * 2900); // reference with floats, for the test only
    expect(lines.map((line) => line.amountCents)).toEqual([0, 2900 - before]);
  });

  it('stops charging at cancellation and bills a yearly plan its share of the year', () => {
    const canceled = invoiceLines(may, [{ plan: starter, startedAt: new Date('2026-01-01T00:00:00Z'), endedAt: mid }], 0);
    expect(canceled).toEqual([expect.objectContaining({ kind: 'PRORATION', amountCents: 1450 })]);
    const year = invoiceLines(may, [{ plan: yearly, startedAt: new Date('2026-01-01T00:00:00Z'), endedAt: null }], 0);
    // May is 31 of 365 days: 100000 * 31/365 = 8493.15 -> 8493
    expect(year).toEqual([expect.objectContaining({ kind: 'PLAN_FEE', amountCents: 8493 })]);
  });

  it('the twelve months of a yearly plan add up to exactly its price', () => {
    const total = sumCents(
      Array.from({ length: 12 }, (_, month) =>
        sumCents(invoiceLines(parsePeriod(`2027-${String(month + 1).padStart(2, '0')}`), [{ plan: yearly, startedAt: new Date('2026-01-01T00:00:00Z'), endedAt: null }], 0).map((line) => line.amountCents)),
      ),
    );
    expect(total).toBe(100_000);
  });

  it('any sequence of changes between plans of one price bills exactly that price for a full period', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 31 * 86_400 - 1 }), { maxLength: 20 }), fc.integer({ min: 0, max: 1_000_000 }), (cuts, price) => {
        const plan = { ...starter, priceCents: price };
        const instants = [0, ...cuts.sort((a, b) => a - b), 31 * 86_400].map((s) => new Date(may.start.getTime() + s * 1000));
        const terms = instants.slice(1).map((end, index) => ({ plan, startedAt: instants[index]!, endedAt: index === instants.length - 2 ? null : end }));
        const lines = invoiceLines(may, terms, 0);
        expect(lines.every((line) => Number.isSafeInteger(line.amountCents) && line.amountCents === line.quantity * line.unitAmountCents)).toBe(true);
        expect(sumCents(lines.map((line) => line.amountCents))).toBe(price);
      }),
    );
  });

  it('has nothing to bill for a tenant that was never subscribed in the period', () => {
    expect(invoiceLines(may, [], 5)).toEqual([]);
  });

  it('prorates any sequence of plan changes to within a cent per line of the exact shares, and bills usage on the last plan', () => {
    const periodSeconds = (may.end.getTime() - may.start.getTime()) / 1000;
    const plan = fc.record({
      code: fc.constantFrom('a', 'b', 'c'),
      name: fc.constant('P'),
      priceCents: fc.integer({ min: 0, max: 5_000_000 }),
      interval: fc.constant('MONTH' as const),
      includedInstanceHours: fc.integer({ min: 0, max: 1_000 }),
      overageCentsPerInstanceHour: fc.integer({ min: 0, max: 10_000 }),
    });
    const changes = fc.uniqueArray(fc.integer({ min: 1, max: periodSeconds - 1 }), { maxLength: 6 }).map((points) => [...points].sort((a, b) => a - b));
    fc.assert(
      fc.property(changes, fc.array(plan, { minLength: 7, maxLength: 7 }), fc.integer({ min: 0, max: 5_000 }), (points, plans, usageHours) => {
        const bounds = [0, ...points, periodSeconds];
        const at = (second: number) => new Date(may.start.getTime() + second * 1000);
        const terms = bounds.slice(0, -1).map((from, index) => ({
          plan: plans[index] as PlanPrice,
          startedAt: at(from),
          endedAt: index === bounds.length - 2 ? null : at(bounds[index + 1] as number),
        }));
        const lines = invoiceLines(may, terms, usageHours);
        for (const line of lines) {
          expect(Number.isSafeInteger(line.amountCents)).toBe(true);
          expect(line.amountCents).toBe(line.quantity * line.unitAmountCents);
        }
        const planLines = lines.filter((line) => line.kind !== 'USAGE');
        expect(planLines).toHaveLength(terms.length);
        terms.forEach((term, index) => {
          const exact = (term.plan.priceCents * (bounds[index + 1]! - bounds[index]!)) / periodSeconds;
          expect(Math.abs(planLines[index]!.amountCents - exact)).toBeLessThanOrEqual(1);
        });
        const last = terms.at(-1)!.plan;
        const beyond = Math.max(0, usageHours - last.includedInstanceHours);
        const usage = lines.find((line) => line.kind === 'USAGE');
        expect(usage?.amountCents ?? 0).toBe(beyond * last.overageCentsPerInstanceHour);
        // No cent appears or vanishes between the lines and the invoice total.
        expect(BigInt(sumCents(lines.map((line) => line.amountCents)))).toBe(lines.reduce((sum, line) => sum + BigInt(line.amountCents), 0n));
      }),
    );
  });
});
