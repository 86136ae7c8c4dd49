import { listEnvContainers } from '@saas/testing';
import { newTestInstance, WorkerHarness } from './support/worker-harness';

describe('provisioning worker: crashes and shutdown', () => {
  let harness: WorkerHarness;

  beforeAll(async () => {
    harness = await WorkerHarness.create();
  });

  afterAll(async () => {
    await harness?.teardown();
  });

  it('finishes a create after the worker was SIGKILLed in the middle, with exactly one container', async () => {
    const first = await harness.startWorker();
    const instance = newTestInstance('16.0');
    const job = harness.job('CREATE', instance);
    await harness.publish(job);
    await harness.waitForEvent((e) => e.kind === 'operation' && e.operationId === job.operationId && e.message === 'Creating container');
    await first.kill();
    expect(harness.operationEvents(job.operationId).some((e) => e.operationStatus !== 'RUNNING')).toBe(false);

    await harness.startWorker();
    const outcome = await harness.waitForOutcome(job.operationId);
    expect(outcome).toMatchObject({ operationStatus: 'SUCCEEDED', instanceStatus: 'RUNNING', position: { attempt: 1 } });
    const containers = await listEnvContainers(harness.saasEnv, { 'saas.instance': instance.id });
    expect(containers.map((c) => c.Names)).toEqual([[`/odoo-${instance.id}`]]);
    expect(containers[0]!.State).toBe('running');
    const health = await fetch(`${outcome.facts!.directUrl}/web/health`);
    expect(JSON.parse(await health.text())).toEqual({ status: 'pass' });
  });

  it('exits 0 on SIGTERM during a job, and the job still completes', async () => {
    const worker = harness.workers.at(-1)!;
    const instance = newTestInstance('18.0');
    const job = harness.job('CREATE', instance);
    await harness.publish(job);
    await harness.waitForEvent((e) => e.kind === 'operation' && e.operationId === job.operationId && e.message === 'Creating database');
    await worker.stop(20_000);
    expect(await worker.exited).toBe(0);

    // Finished within the grace period, or redelivered to the next worker and adopted there.
    await harness.startWorker();
    expect(await harness.waitForOutcome(job.operationId)).toMatchObject({ operationStatus: 'SUCCEEDED', instanceStatus: 'RUNNING' });
    expect(await listEnvContainers(harness.saasEnv, { 'saas.instance': instance.id })).toHaveLength(1);
  });
});
