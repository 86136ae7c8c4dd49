import type { OperationEvent } from '@saas/contracts';
import { newTestInstance, WorkerHarness } from './support/worker-harness';

describe('provisioning worker: one job per instance at a time, stale jobs dropped', () => {
  let harness: WorkerHarness;

  beforeAll(async () => {
    harness = await WorkerHarness.create({ WORKER_CONCURRENCY: '4' });
    // Two processes: the lock must hold across workers, not only within one.
    await Promise.all([harness.startWorker(), harness.startWorker()]);
  });

  afterAll(async () => {
    await harness?.teardown();
  });

  const eventsOf = (operationId: string) =>
    harness.events.filter((e): e is OperationEvent => e.kind === 'operation' && e.operationId === operationId);

  it('runs two deliveries of one job one after the other, across workers', async () => {
    const instance = newTestInstance();
    expect(await harness.run(harness.job('CREATE', instance))).toMatchObject({ operationStatus: 'SUCCEEDED' });

    // At-least-once delivery: the same job twice at once (e.g. a relay that crashed after
    // the broker confirmed). Both may run, never at the same time.
    const backup = harness.job('BACKUP', instance, { backupId: 'lock-1' });
    await Promise.all([harness.publish(backup), harness.publish(backup)]);
    await harness.waitForOutcome(backup.operationId);
    const deadline = Date.now() + 120_000;
    while (eventsOf(backup.operationId).filter((e) => e.operationStatus === 'SUCCEEDED').length < 2 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // Each run is one block of steps ending in its final event: no second "started" before a final one.
    const steps = eventsOf(backup.operationId).map((e) => (e.operationStatus === 'SUCCEEDED' ? 'end' : e.position.step));
    const runs = steps.join(',').split('end').filter(Boolean).map((run) => run.split(',').filter(Boolean).map(Number));
    expect(runs).toHaveLength(2);
    for (const run of runs) expect([...run].sort((a, b) => a - b)).toEqual(run);
    expect(harness.workers.map((w) => w.output()).join('\n')).toContain('instance busy; job deferred');
  });

  it('drops a job older than an operation that already started for the instance', async () => {
    const instance = newTestInstance();
    const create = harness.job('CREATE', instance);
    const restart = harness.job('RESTART', instance);
    expect(await harness.run(create)).toMatchObject({ operationStatus: 'SUCCEEDED' });
    expect(await harness.run(restart)).toMatchObject({ operationStatus: 'SUCCEEDED' });

    // A late duplicate of the CREATE must not touch the instance again.
    const before = harness.events.length;
    await harness.publish(create);
    const deadline = Date.now() + 30_000;
    while (!harness.workers.some((w) => w.output().includes('stale job dropped')) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(harness.workers.map((w) => w.output()).join('\n')).toContain('stale job dropped');
    expect(harness.events.slice(before).filter((e) => e.kind === 'operation' && e.operationId === create.operationId)).toEqual([]);
  });
});
