import { ATTEMPT_HEADER, deadLetterQueue, JOB_RETRY_DELAYS_MS, Queues } from '@saas/contracts';
import { type BrokenRegistry, startBrokenRegistry } from '@saas/testing';
import { newTestInstance, WorkerHarness } from './support/worker-harness';

const DEAD = deadLetterQueue(Queues.instanceJobs);

describe('provisioning worker: failures', () => {
  let harness: WorkerHarness;
  let registry: BrokenRegistry;

  beforeAll(async () => {
    // Images come from a registry on 127.0.0.1 that breaks mid-pull: nothing leaves the machine.
    registry = await startBrokenRegistry();
    harness = await WorkerHarness.create({ ODOO_IMAGE: `${registry.host}/saas-odoo-broken` });
    await harness.startWorker();
  });

  afterAll(async () => {
    await harness?.teardown();
    await registry?.close();
  });

  it('dead-letters a poison message and keeps serving jobs', async () => {
    await harness.publish(Buffer.from('{"this is": not json'), { contentType: 'application/octet-stream' });
    const dead = await harness.takeMessage(DEAD);
    expect(Buffer.from(dead.body as Buffer).toString('utf8')).toContain('not json');

    // A valid job right after it: deleting an instance that never existed succeeds.
    const job = harness.job('DELETE', newTestInstance());
    expect(await harness.run(job)).toMatchObject({ operationStatus: 'SUCCEEDED', instanceStatus: 'DELETED' });
  });

  it('fails a job of an unknown type at once, against its operation, and dead-letters it', async () => {
    const job = { ...harness.job('START', newTestInstance()), type: 'EXPLODE' };
    const outcome = await harness.run(job as never);
    expect(outcome).toMatchObject({ operationStatus: 'FAILED', instanceStatus: 'FAILED', position: { attempt: 1 } });
    expect(outcome.error).toMatch(/type/);
    const dead = await harness.takeMessage(DEAD);
    expect(dead.body).toMatchObject({ operationId: job.operationId });
  });

  it('fails at once, without retries, when the image does not exist in its registry', async () => {
    const job = harness.job('CREATE', newTestInstance('99.0'));
    const outcome = await harness.run(job);
    expect(outcome).toMatchObject({ operationStatus: 'FAILED', instanceStatus: 'FAILED', position: { attempt: 1 } });
    expect(outcome.error).toMatch(/manifest unknown/);
    expect((await harness.takeMessage(DEAD)).body).toMatchObject({ operationId: job.operationId });
  });

  it('retries a failing pull through the retry queues, then FAILED with the engine message and dead-lettered', async () => {
    const job = harness.job('CREATE', newTestInstance());
    const outcome = await harness.run(job, 180_000);
    const attempts = JOB_RETRY_DELAYS_MS.length + 1;
    expect(outcome).toMatchObject({ operationStatus: 'FAILED', instanceStatus: 'FAILED', position: { attempt: attempts } });
    // The engine reports this inside the pull's progress stream, not as an HTTP error.
    expect(outcome.error).toMatch(/unknown blob/);
    expect(outcome.error).toContain(`${registry.host}/saas-odoo-broken:17.0`);

    const events = harness.operationEvents(job.operationId);
    for (let attempt = 1; attempt < attempts; attempt += 1) {
      const notice = events.find((e) => e.position.attempt === attempt && e.operationStatus === 'RUNNING' && /failed/.test(e.message ?? ''));
      expect(notice?.message).toMatch(new RegExp(`Attempt ${attempt} of ${attempts} failed: .*unknown blob.*Retrying in ${JOB_RETRY_DELAYS_MS[attempt - 1]! / 1000} s`));
      expect(events.some((e) => e.position.attempt === attempt + 1 && e.position.step === 1)).toBe(true);
    }

    const dead = await harness.takeMessage(DEAD);
    expect(dead.body).toMatchObject({ operationId: job.operationId });
    expect(Number(dead.headers[ATTEMPT_HEADER])).toBe(attempts);
    // The broker's record: the last retry expired out of its delay queue, then the job was rejected.
    const deaths = dead.headers['x-death'] as Array<{ queue: string; reason: string }>;
    expect(deaths).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ queue: `${Queues.instanceJobs}.retry.${attempts - 1}`, reason: 'expired' }),
        expect.objectContaining({ queue: Queues.instanceJobs, reason: 'rejected' }),
      ]),
    );
  });
});
