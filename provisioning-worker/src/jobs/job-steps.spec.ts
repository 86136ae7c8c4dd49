import { OPERATION_TYPES } from '@saas/contracts';
import { FINAL_STEP, IN_PROGRESS_STATUS, JOB_STEPS, stepOf } from './job-steps';

describe('job steps', () => {
  it.each(OPERATION_TYPES)('%s: starts with "started" at 0 %%, unique keys, progress rising below 100', (type) => {
    const steps = JOB_STEPS[type];
    expect(steps[0]).toMatchObject({ key: 'started', progress: 0 });
    expect(new Set(steps.map((step) => step.key)).size).toBe(steps.length);
    const progress = steps.map((step) => step.progress);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(Math.max(...progress)).toBeLessThan(100);
    expect(steps.every((step) => step.message.length > 0)).toBe(true);
  });

  it('numbers steps by their place, the same on every run', () => {
    expect(stepOf('CREATE', 'started').number).toBe(1);
    expect(stepOf('CREATE', 'database')).toMatchObject({ number: 3, message: 'Creating database' });
    expect(stepOf('CREATE', 'health')).toMatchObject({ number: 8, message: 'Waiting for /web/health' });
    expect(stepOf('RESTORE', 'verify').number).toBe(2);
  });

  it('keeps the final steps after every step of every job type', () => {
    const longest = Math.max(...OPERATION_TYPES.map((type) => JOB_STEPS[type].length));
    expect(FINAL_STEP.succeeded).toBeGreaterThan(longest);
    expect(FINAL_STEP.failed).toBeGreaterThan(longest);
    expect(FINAL_STEP.retrying).toBeGreaterThan(longest);
  });

  it('puts the retry notice before the terminal steps, so a re-run of the same attempt can still end it', () => {
    expect(FINAL_STEP.retrying).toBeLessThan(FINAL_STEP.succeeded);
    expect(FINAL_STEP.retrying).toBeLessThan(FINAL_STEP.failed);
  });

  it('rejects a step a job type does not have', () => {
    expect(() => stepOf('STOP', 'health' as never)).toThrow(/no step health/);
  });

  it('moves the instance to the in-progress status of each job type', () => {
    expect(IN_PROGRESS_STATUS).toEqual({
      CREATE: 'PROVISIONING',
      START: 'STARTING',
      STOP: 'STOPPING',
      RESTART: 'RESTARTING',
      DELETE: 'DELETING',
      BACKUP: 'BACKING_UP',
      RESTORE: 'RESTORING',
      UPGRADE: 'UPGRADING',
      HIBERNATE: 'STOPPING',
      STAGING: 'PROVISIONING',
      REFRESH_STAGING: 'RESTORING',
    });
  });
});
