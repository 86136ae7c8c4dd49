import { parsePlanInput } from '../src/domain/plan-input';

const rules = { currency: 'EUR', supportedVersions: ['16.0', '17.0'] };
const input = {
  code: 'team',
  name: 'Team',
  priceCents: 4_900,
  currency: 'EUR',
  interval: 'MONTH',
  maxInstances: 3,
  cpuMillicores: 1_000,
  memoryMb: 1_024,
  storageGb: 10,
  allowedOdooVersions: ['17.0'],
  backupRetentionDays: 30,
  includedInstanceHours: 720,
  overageCentsPerInstanceHour: 2,
  trialDays: 0,
};

describe('parsePlanInput: staging lifetime and backup rotation', () => {
  it('defaults to a 7-day staging lifetime and 7 daily, 4 weekly, 3 monthly backups', () => {
    expect(parsePlanInput(input, rules)).toMatchObject({ stagingLifetimeDays: 7, backupDailyKeep: 7, backupWeeklyKeep: 4, backupMonthlyKeep: 3 });
  });

  it('takes the plan own values', () => {
    const plan = parsePlanInput({ ...input, stagingLifetimeDays: 2, backupDailyKeep: 0, backupWeeklyKeep: 8, backupMonthlyKeep: 12 }, rules);
    expect(plan).toMatchObject({ stagingLifetimeDays: 2, backupDailyKeep: 0, backupWeeklyKeep: 8, backupMonthlyKeep: 12 });
  });

  it.each([
    [{ stagingLifetimeDays: 0 }, 'input.stagingLifetimeDays'],
    [{ stagingLifetimeDays: 366 }, 'input.stagingLifetimeDays'],
    [{ backupDailyKeep: -1 }, 'input.backupDailyKeep'],
    [{ backupMonthlyKeep: 1.5 }, 'input.backupMonthlyKeep'],
  ])('refuses %p naming %s', (override, field) => {
    expect(() => parsePlanInput({ ...input, ...override }, rules)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', details: expect.objectContaining({ field }) }));
  });
});

describe('parsePlanInput: upload size at the edge', () => {
  it("defaults to 128 MiB (Odoo's web client limit) and takes the plan's own value", () => {
    expect(parsePlanInput(input, rules).uploadMaxMb).toBe(128);
    expect(parsePlanInput({ ...input, uploadMaxMb: 1 }, rules).uploadMaxMb).toBe(1);
  });

  it.each([0, 10_241, 2.5])('refuses uploadMaxMb %p', (uploadMaxMb) => {
    expect(() => parsePlanInput({ ...input, uploadMaxMb }, rules)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT', details: expect.objectContaining({ field: 'input.uploadMaxMb' }) }));
  });
});
