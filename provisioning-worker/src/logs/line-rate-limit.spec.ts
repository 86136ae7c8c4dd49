import { droppedMarker, LineRateLimit } from './line-rate-limit';

describe('LineRateLimit', () => {
  it('passes N lines per second, drops the rest, and reports the count once in the next window', () => {
    let now = 10_000;
    const limit = new LineRateLimit(3, () => now);
    const offered = Array.from({ length: 5 }, () => limit.offer());
    expect(offered.map((result) => result.pass)).toEqual([true, true, true, false, false]);
    now += 1_000;
    expect(limit.offer()).toEqual({ pass: true, droppedBefore: 2 });
    expect(limit.offer()).toEqual({ pass: true, droppedBefore: 0 });
  });

  it('flush reports drops of a window that is over, once', () => {
    let now = 0;
    const limit = new LineRateLimit(1, () => now);
    limit.offer();
    limit.offer();
    expect(limit.flush()).toBe(0);
    now += 1_500;
    expect(limit.flush()).toBe(1);
    expect(limit.flush()).toBe(0);
  });

  it('says how many lines were dropped', () => {
    expect(droppedMarker(1, 200)).toBe('[platform] 1 line dropped (more than 200 lines per second)');
    expect(droppedMarker(57, 200)).toMatch(/57 lines dropped/);
  });
});
