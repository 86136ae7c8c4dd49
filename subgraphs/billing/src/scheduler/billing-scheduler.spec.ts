import { createLogger } from '@saas/logger';
import type { BillingCycle } from '../services/billing-cycle';
import { BillingScheduler } from './billing-scheduler';

/** A cycle that records its runs; each run ends when the test says so. */
function recordingCycle() {
  const runs: Date[] = [];
  const pending: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
  let concurrent = 0;
  let maxConcurrent = 0;
  const cycle = {
    run: (now: Date) => {
      runs.push(now);
      concurrent += 1;
      maxConcurrent = Math.max(maxConcurrent, concurrent);
      return new Promise<void>((resolve, reject) => pending.push({ resolve, reject })).finally(() => {
        concurrent -= 1;
      });
    },
  } as unknown as BillingCycle;
  return { cycle, runs, pending, maxConcurrent: () => maxConcurrent };
}

const silent = createLogger({ service: 'billing-test', level: 'silent' });
const flush = async () => {
  for (let index = 0; index < 5; index += 1) await Promise.resolve();
};

describe('BillingScheduler', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs shortly after start, then every interval, never two at once, and survives a failed run', async () => {
    const recorder = recordingCycle();
    const scheduler = new BillingScheduler(() => recorder.cycle, () => new Date('2026-06-02T00:00:00Z'), 1_000, silent);
    scheduler.start(100);
    jest.advanceTimersByTime(99);
    expect(recorder.runs).toHaveLength(0);
    jest.advanceTimersByTime(1);
    expect(recorder.runs).toHaveLength(1);

    // A slow run: the next one waits for it, however much time passes.
    jest.advanceTimersByTime(10_000);
    expect(recorder.runs).toHaveLength(1);
    recorder.pending[0]?.reject(new Error('database down'));
    await flush();
    jest.advanceTimersByTime(1_000);
    expect(recorder.runs).toHaveLength(2);
    recorder.pending[1]?.resolve();
    await flush();
    jest.advanceTimersByTime(1_000);
    expect(recorder.runs).toHaveLength(3);
    expect(recorder.maxConcurrent()).toBe(1);

    // stop() waits for the run in progress and schedules nothing after it.
    const stopped = scheduler.stop();
    recorder.pending[2]?.resolve();
    await stopped;
    jest.advanceTimersByTime(10_000);
    expect(recorder.runs).toHaveLength(3);
  });

  it('does nothing when disabled (interval 0)', () => {
    const recorder = recordingCycle();
    new BillingScheduler(() => recorder.cycle, () => new Date(), 0, silent).start(0);
    jest.advanceTimersByTime(60_000);
    expect(recorder.runs).toHaveLength(0);
  });
});
