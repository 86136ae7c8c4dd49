import { FINAL_STEPS } from '@saas/contracts';
import { ApplierHarness } from './support/applier-harness';

describe('EventApplier (real PostgreSQL and Redis)', () => {
  let harness: ApplierHarness;

  beforeAll(async () => {
    harness = await ApplierHarness.create();
  });

  afterAll(async () => {
    await harness?.teardown();
  });

  /** Messages of one instance that reached Redis so far. */
  const publishedFor = (instanceId: string) => harness.received.filter((message) => message.instanceId === instanceId);

  /**
   * Applies an event of another instance and waits for its announcement: the publisher and
   * the subscription keep order, so whatever was published before it has arrived too.
   */
  const everythingPublishedSoFar = async () => {
    const { operation } = await harness.seed();
    await harness.apply(harness.event(operation, 1, 1, 'RUNNING', { instanceStatus: 'PROVISIONING' }));
    await harness.waitForMessage((message) => message.operationId === operation.id);
  };

  it('ignores duplicate and stale events: no status change, nothing published', async () => {
    const { instance, operation } = await harness.seed();
    await harness.apply(harness.event(operation, 1, 1, 'RUNNING', { instanceStatus: 'PROVISIONING', progress: 0 }));
    await harness.apply(harness.event(operation, 1, 3, 'RUNNING', { progress: 15, message: 'Creating database' }));
    await harness.apply(harness.event(operation, 1, FINAL_STEPS.succeeded, 'SUCCEEDED', { instanceStatus: 'RUNNING', progress: 100, message: 'Instance is running' }));
    await harness.waitForMessage((message) => message.type === 'instance.status' && message.instanceId === instance.id && message.status === 'RUNNING');
    const before = await harness.state(instance.id, operation.id);
    const publishedBefore = publishedFor(instance.id).length;

    const ignored = [
      // The same SUCCEEDED again (a redelivery).
      harness.event(operation, 1, FINAL_STEPS.succeeded, 'SUCCEEDED', { instanceStatus: 'RUNNING', progress: 100 }),
      // Late progress of the same attempt, arriving after the end.
      harness.event(operation, 1, 3, 'RUNNING', { instanceStatus: 'PROVISIONING', progress: 15 }),
      harness.event(operation, 1, 1, 'RUNNING', { instanceStatus: 'PROVISIONING' }),
      // An event of an earlier operation of the instance.
      { ...harness.event(operation, 4, FINAL_STEPS.failed, 'FAILED', { instanceStatus: 'FAILED', error: 'old' }), position: { operationSeq: 0, attempt: 4, step: FINAL_STEPS.failed } },
    ];
    for (const event of ignored) expect(await harness.apply(event)).toEqual([]);
    await everythingPublishedSoFar();

    const after = await harness.state(instance.id, operation.id);
    expect(after.instance).toMatchObject({
      status: 'RUNNING',
      statusSeq: before.instance.statusSeq,
      statusMessage: before.instance.statusMessage,
      appliedOperationSeq: 1,
      appliedAttempt: 1,
      appliedStep: FINAL_STEPS.succeeded,
    });
    expect(after.operation).toMatchObject({ status: 'SUCCEEDED', progress: 100, error: null, message: before.operation.message });
    expect(publishedFor(instance.id)).toHaveLength(publishedBefore);
  });

  it('applies events of a later attempt after a late one of an earlier attempt is ignored', async () => {
    const { instance, operation } = await harness.seed();
    await harness.apply(harness.event(operation, 2, 1, 'RUNNING', { instanceStatus: 'PROVISIONING' }));
    expect(await harness.apply(harness.event(operation, 1, 5, 'RUNNING', { progress: 25 }))).toEqual([]);
    await harness.apply(harness.event(operation, 2, FINAL_STEPS.succeeded, 'SUCCEEDED', { instanceStatus: 'RUNNING', progress: 100 }));
    const { instance: applied, operation: ended } = await harness.state(instance.id, operation.id);
    expect(applied.status).toBe('RUNNING');
    expect(ended).toMatchObject({ status: 'SUCCEEDED', attempts: 2 });
  });

  it('keeps an ended operation final: a later attempt of a second copy of its job changes nothing', async () => {
    const { instance, operation } = await harness.seed();
    await harness.apply(harness.event(operation, 1, 1, 'RUNNING', { instanceStatus: 'PROVISIONING' }));
    await harness.apply(harness.event(operation, 1, FINAL_STEPS.succeeded, 'SUCCEEDED', { instanceStatus: 'RUNNING', progress: 100 }));
    const before = await harness.state(instance.id, operation.id);
    expect(await harness.apply(harness.event(operation, 2, 1, 'RUNNING', { instanceStatus: 'PROVISIONING', progress: 0 }))).toEqual([]);
    expect(await harness.apply(harness.event(operation, 2, FINAL_STEPS.failed, 'FAILED', { instanceStatus: 'FAILED', error: 'late copy' }))).toEqual([]);
    const after = await harness.state(instance.id, operation.id);
    expect(after.instance).toMatchObject({ status: 'RUNNING', statusSeq: before.instance.statusSeq });
    expect(after.operation).toMatchObject({ status: 'SUCCEEDED', attempts: 1, error: null });
  });

  describe('a job redelivered as the same attempt after its retry notice was applied', () => {
    // The worker published "attempt 1 failed, retrying" and died (or could not republish)
    // before the ack: the broker hands the job back as attempt 1 again.
    const runUntilNotice = async () => {
      const seeded = await harness.seed();
      const { operation } = seeded;
      await harness.apply(harness.event(operation, 1, 1, 'RUNNING', { instanceStatus: 'PROVISIONING' }));
      await harness.apply(harness.event(operation, 1, 2, 'RUNNING', { progress: 5 }));
      await harness.apply(
        harness.event(operation, 1, FINAL_STEPS.retrying, 'RUNNING', { progress: 5, message: 'Attempt 1 of 4 failed: pull failed. Retrying in 1 s.' }),
      );
      // The re-run repeats its steps: already applied positions, ignored.
      expect(await harness.apply(harness.event(operation, 1, 1, 'RUNNING', { instanceStatus: 'PROVISIONING' }))).toEqual([]);
      expect(await harness.apply(harness.event(operation, 1, 8, 'RUNNING', { progress: 80 }))).toEqual([]);
      return seeded;
    };

    it('ends the operation with the re-run SUCCEEDED', async () => {
      const { instance, operation } = await runUntilNotice();
      const messages = await harness.apply(
        harness.event(operation, 1, FINAL_STEPS.succeeded, 'SUCCEEDED', { instanceStatus: 'RUNNING', progress: 100, message: 'Instance is running' }),
      );
      expect(messages.map((message) => message.type)).toEqual(['instance.status', 'operation.progress']);
      const after = await harness.state(instance.id, operation.id);
      expect(after.operation).toMatchObject({ status: 'SUCCEEDED', progress: 100 });
      expect(after.operation.finishedAt).not.toBeNull();
      expect(after.instance.status).toBe('RUNNING');
      await harness.waitForMessage((message) => message.type === 'instance.status' && message.instanceId === instance.id && message.status === 'RUNNING');
    });

    it('ends the operation with the re-run FAILED', async () => {
      const { instance, operation } = await runUntilNotice();
      await harness.apply(
        harness.event(operation, 1, FINAL_STEPS.failed, 'FAILED', { instanceStatus: 'FAILED', progress: 5, message: 'Operation failed', error: 'manifest unknown' }),
      );
      const after = await harness.state(instance.id, operation.id);
      expect(after.operation).toMatchObject({ status: 'FAILED', error: 'manifest unknown' });
      expect(after.instance).toMatchObject({ status: 'FAILED', statusMessage: 'manifest unknown' });
    });
  });
});
