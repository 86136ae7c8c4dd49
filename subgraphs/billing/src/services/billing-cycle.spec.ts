import { periodsToClose, SETTLE_MS } from './billing-cycle';

const keys = (now: string) => periodsToClose(new Date(now)).map((period) => period.key);

describe('periodsToClose', () => {
  it('waits for the settle delay after a month ended before closing it', () => {
    expect(keys('2026-06-01T00:30:00Z')).toEqual(['2026-02', '2026-03', '2026-04']);
    expect(keys(new Date(Date.parse('2026-06-01T00:00:00Z') + SETTLE_MS).toISOString())).toEqual(['2026-03', '2026-04', '2026-05']);
    expect(keys('2026-06-17T12:00:00Z')).toEqual(['2026-03', '2026-04', '2026-05']);
  });

  it('looks back across a year end, oldest first', () => {
    expect(keys('2027-01-02T00:00:00Z')).toEqual(['2026-10', '2026-11', '2026-12']);
    expect(periodsToClose(new Date('2027-01-02T00:00:00Z'), 0, 1).map((period) => period.key)).toEqual(['2026-12']);
  });
});
