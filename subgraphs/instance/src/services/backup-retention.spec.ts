import { backupExpiresAt } from './backup-retention';

describe('backupExpiresAt', () => {
  const requestedAt = new Date('2026-11-24T10:00:00.000Z');

  it('adds the plan retention in days to the request time', () => {
    expect(backupExpiresAt(requestedAt, 7)?.toISOString()).toBe('2026-12-01T10:00:00.000Z');
    expect(backupExpiresAt(requestedAt, 30)?.toISOString()).toBe('2026-12-24T10:00:00.000Z');
  });

  it('expires at once under a retention of 0 days', () => {
    expect(backupExpiresAt(requestedAt, 0)).toEqual(requestedAt);
  });

  it('keeps the backup when the retention is unknown or not a number of days', () => {
    expect(backupExpiresAt(requestedAt, undefined)).toBeNull();
    expect(backupExpiresAt(requestedAt, -1)).toBeNull();
    expect(backupExpiresAt(requestedAt, 1.5)).toBeNull();
  });
});
