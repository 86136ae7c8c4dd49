import { splitTimestamp, timestampNanos } from './log-follower';

describe('Docker log timestamps', () => {
  it('reads RFC 3339 with up to nine fraction digits as nanoseconds', () => {
    expect(timestampNanos('2026-12-04T01:02:03.123456789Z')).toBe(1796346123123456789n);
    expect(timestampNanos('2026-12-04T01:02:03.5Z')).toBe(1796346123500000000n);
    expect(timestampNanos('2026-12-04T01:02:03Z')).toBe(1796346123000000000n);
    expect(timestampNanos('not a time')).toBeUndefined();
  });

  it('splits a line into its time and text', () => {
    expect(splitTimestamp('2026-12-04T01:02:03.1Z 172.17.0.1:4000: url:/web/health')).toEqual({
      nanos: 1796346123100000000n,
      at: '2026-12-04T01:02:03.100Z',
      text: '172.17.0.1:4000: url:/web/health',
    });
    expect(splitTimestamp('no stamp here')).toBeUndefined();
  });
});
