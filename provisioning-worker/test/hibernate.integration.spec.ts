import { odooDatabaseExists, testDocker, volumeExists } from '@saas/testing';
import { newTestInstance, WorkerHarness } from './support/worker-harness';

describe('provisioning worker: HIBERNATE', () => {
  let harness: WorkerHarness;
  const instance = newTestInstance('17.0');
  const container = `odoo-${instance.id}`;

  beforeAll(async () => {
    harness = await WorkerHarness.create();
    await harness.startWorker();
    expect(await harness.run(harness.job('CREATE', instance))).toMatchObject({ operationStatus: 'SUCCEEDED', instanceStatus: 'RUNNING' });
  });

  afterAll(async () => {
    await harness?.teardown();
  });

  it('stops the container, keeps database and volume, and reports the memory it used', async () => {
    const job = harness.job('HIBERNATE', instance);
    const outcome = await harness.run(job);
    expect(outcome).toMatchObject({ operationStatus: 'SUCCEEDED', instanceStatus: 'HIBERNATED', progress: 100 });
    expect(outcome.facts?.memoryInUseBytes).toBeGreaterThan(0);
    expect(harness.operationEvents(job.operationId)[0]).toMatchObject({ instanceStatus: 'STOPPING' });

    const inspected = await testDocker().getContainer(container).inspect();
    expect(inspected.State.Running).toBe(false);
    expect(await volumeExists(`odoo-data-${instance.id}`)).toBe(true);
    expect(await odooDatabaseExists(`odoo_${instance.id.replace(/-/g, '')}`)).toBe(true);
  });

  it('is idempotent: hibernating an asleep instance changes nothing', async () => {
    expect(await harness.run(harness.job('HIBERNATE', instance))).toMatchObject({ operationStatus: 'SUCCEEDED', instanceStatus: 'HIBERNATED' });
    expect((await testDocker().getContainer(container).inspect()).State.Running).toBe(false);
  });

  it('wakes with a START: healthy again, same container', async () => {
    const before = (await testDocker().getContainer(container).inspect()).Id;
    const started = await harness.run(harness.job('START', instance));
    expect(started).toMatchObject({ operationStatus: 'SUCCEEDED', instanceStatus: 'RUNNING' });
    const response = await fetch(`${started.facts!.directUrl!}/web/health`);
    expect(await response.json()).toEqual({ status: 'pass' });
    expect((await testDocker().getContainer(container).inspect()).Id).toBe(before);
  });
});
