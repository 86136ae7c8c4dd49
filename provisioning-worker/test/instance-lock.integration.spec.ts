import type { OperationEvent } from '@saas/contracts';
import { newTestInstance, WorkerHarness } from './support/worker-harness';

describe('provisioning worker: one job per instance at a time', () => {
  let harness: WorkerHarness;

  beforeAll(async () => {
    harness = await WorkerHarness.create({ WORKER_CONCURRENCY: '4' });
    // Two processes: the lock must hold across workers, not only within one.
    await Promise.all([harness.startWorker(), harness.startWorker()]);
  });

  afterAll(async () => {
    await harness?.teardown();
  });

  it('runs concurrent jobs of one instance one after another, across workers', async () => {
    const instance = newTestInstance();
    expect(await harness.run(harness.job('CREATE', instance))).toMatchObject({ operationStatus: 'SUCCEEDED' });

    const jobs = [
      harness.job('BACKUP', instance, { backupId: 'lock-1' }),
      harness.job('RESTART', instance),
      harness.job('BACKUP', instance, { backupId: 'lock-2' }),
      harness.job('STOP', instance),
    ];
    await Promise.all(jobs.map((job) => harness.publish(job)));
    const outcomes = await Promise.all(jobs.map((job) => harness.waitForOutcome(job.operationId)));
    expect(outcomes.map((o) => o.operationStatus)).toEqual(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);

    // Each operation's events form one block: no two of them ran at the same time.
    const ids = new Set(jobs.map((job) => job.operationId));
    const order = harness.events
      .filter((e): e is OperationEvent => e.kind === 'operation' && ids.has(e.operationId))
      .map((e) => e.operationId);
    const blocks = order.filter((id, index) => index === 0 || order[index - 1] !== id);
    expect(blocks).toHaveLength(jobs.length);
    expect(harness.workers.map((w) => w.output()).join('\n')).toContain('instance busy; job deferred');
  });
});
