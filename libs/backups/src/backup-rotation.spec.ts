import { rotationKeepers } from './backup-rotation';

describe('grandfather-father-son rotation', () => {
  const daily = (days: number, from: string) =>
    Array.from({ length: days }, (_, index) => {
      const createdAt = new Date(Date.parse(from) + index * 86_400_000);
      return { id: createdAt.toISOString().slice(0, 10), createdAt };
    });

  it.each(['2026-01-01T02:17:00Z', '2026-03-05T01:00:00Z', '2027-07-20T04:59:00Z', '2028-02-01T03:00:00Z'])('keeps exactly 7 + 4 + 3 of 100 daily backups from %s', (from) => {
    const keep = rotationKeepers(daily(100, from), { daily: 7, weekly: 4, monthly: 3 });
    expect(keep.size).toBe(14);
  });

  it('keeps the newest days, then one per older week, then one per older month', () => {
    const backups = daily(100, '2026-01-01T02:00:00Z');
    const keep = [...rotationKeepers(backups, { daily: 7, weekly: 4, monthly: 3 })].sort();
    // The newest is 2026-04-10. Sons: 04-04..04-10. Fathers, below them: the newest left of the
    // week of Friday 04-03 (itself), then the Sundays of the three weeks before. Grandfathers,
    // below those: the newest left of March (03-14), February and January.
    expect(keep).toEqual([
      '2026-01-31', '2026-02-28', '2026-03-14',
      '2026-03-15', '2026-03-22', '2026-03-29', '2026-04-03',
      '2026-04-04', '2026-04-05', '2026-04-06', '2026-04-07', '2026-04-08', '2026-04-09', '2026-04-10',
    ]);
  });

  it('keeps everything while there are fewer backups than the policy holds, and the newest of a day', () => {
    const twice = [
      { id: 'morning', createdAt: new Date('2026-01-01T01:00:00Z') },
      { id: 'evening', createdAt: new Date('2026-01-01T20:00:00Z') },
      { id: 'next', createdAt: new Date('2026-01-02T01:00:00Z') },
    ];
    // The daily tier keeps the newest of 01-01 (evening); the morning one is the week's father.
    expect([...rotationKeepers(twice, { daily: 7, weekly: 4, monthly: 3 })].sort()).toEqual(['evening', 'morning', 'next']);
    expect([...rotationKeepers(twice, { daily: 2, weekly: 0, monthly: 0 })].sort()).toEqual(['evening', 'next']);
  });
});
