import { Queues } from '@saas/contracts';
import { abandonedJobMessage, deathReason } from '../src/consumers/dead-jobs.consumer';

describe('dead-lettered jobs', () => {
  it("reads the reason of the job queue's own death record, not a retry queue's", () => {
    const headers = {
      'x-death': [
        { queue: Queues.instanceJobs, reason: 'delivery_limit', count: 1 },
        { queue: `${Queues.instanceJobs}.retry.1`, reason: 'expired', count: 1 },
      ],
      'x-first-death-reason': 'expired',
    };
    expect(deathReason(headers)).toBe('delivery_limit');
  });

  it('has no reason without a death record of the job queue', () => {
    expect(deathReason(undefined)).toBeUndefined();
    expect(deathReason({ 'x-death': 'garbled' })).toBeUndefined();
    expect(deathReason({ 'x-death': [{ queue: 'other', reason: 'rejected' }] })).toBeUndefined();
  });

  it('tells the user why the job never completed', () => {
    expect(abandonedJobMessage('delivery_limit')).toMatch(/worker stopped while running it/);
    expect(abandonedJobMessage('expired')).toMatch(/\(expired\)/);
  });
});
