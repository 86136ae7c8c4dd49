import { parsePeriod, periodContaining, previousPeriod, priceIntervalOf, secondsBetween } from './period';

describe('billing periods (calendar months, UTC)', () => {
  it('parses YYYY-MM into [start, end)', () => {
    const period = parsePeriod('2026-02');
    expect(period).toEqual({ key: '2026-02', start: new Date('2026-02-01T00:00:00Z'), end: new Date('2026-03-01T00:00:00Z') });
    expect(parsePeriod('2026-12').end).toEqual(new Date('2027-01-01T00:00:00Z'));
  });

  it.each(['2026-13', '2026-00', '2026-1', '26-01', 'May 2026', '', '1999-12', '2026-05-01'])('refuses %p with BAD_USER_INPUT', (value) => {
    expect(() => parsePeriod(value)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', details: { field: 'period' } }));
  });

  it('finds the month of an instant, and the one before', () => {
    expect(periodContaining(new Date('2026-03-31T23:59:59.999Z')).key).toBe('2026-03');
    expect(periodContaining(new Date('2026-04-01T00:00:00Z')).key).toBe('2026-04');
    expect(previousPeriod(parsePeriod('2026-01')).key).toBe('2025-12');
  });

  it('prices yearly plans over the calendar year', () => {
    const year = priceIntervalOf('YEAR', new Date('2028-06-15T00:00:00Z'));
    expect(secondsBetween(year.start, year.end)).toBe(366 * 86_400);
    expect(priceIntervalOf('MONTH', new Date('2028-02-10T00:00:00Z'))).toMatchObject({ start: new Date('2028-02-01T00:00:00Z') });
  });

  it('counts whole seconds, dropping partial ones', () => {
    expect(secondsBetween(new Date(0), new Date(1_999))).toBe(1);
  });
});
