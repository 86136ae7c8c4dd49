import { dataOf, listEnvContainers, TestStack, testDocker } from '@saas/testing';
import { createInstance, createTenant, eventually, signUp, type TestTenant, type TestUser, waitForInstanceStatus } from '../support/fixtures';
import { as, BILLING, type BillingView, firstError, runDunning, SUBSCRIBE } from './support';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const START = 'mutation($id: ID!) { startInstance(id: $id) { id } }';

/**
 * A trial that runs out without a paid plan is owed like an unpaid invoice: PAST_DUE at the
 * trial's end, the tenant suspended (instances STOPPED) after the grace period, and resumed
 * (instances RUNNING) by subscribing to a paid plan. Time is driven by the dunning CLI's `--now`.
 */
describe('billing: the end of a trial (real worker, Docker Engine, RabbitMQ)', () => {
  let stack: TestStack;
  let owner: TestUser;
  let tenant: TestTenant;
  let instanceId: string;
  let trialEndsAt: number;

  beforeAll(async () => {
    stack = await TestStack.start();
    owner = await signUp(stack.gatewayUrl, 'owner');
    tenant = await createTenant(stack.gatewayUrl, owner, 'Trial Co');
  });

  afterAll(async () => {
    await stack?.teardown();
  });

  const view = async () => dataOf(await as<BillingView>(stack, owner, BILLING, { id: tenant.id })).tenant;

  it('runs an instance during the trial; dunning before its end changes nothing', async () => {
    instanceId = dataOf(await createInstance(stack.gatewayUrl, owner, { tenantId: tenant.id })).createInstance.instance.id;
    await waitForInstanceStatus(stack.gatewayUrl, owner, instanceId, 'RUNNING');
    trialEndsAt = Date.parse((await view()).subscription.trialEndsAt ?? '');
    expect(await runDunning(stack, ['--now', new Date(trialEndsAt - HOUR_MS).toISOString()])).toBe('0 subscription(s) now past due, 0 tenant(s) suspended');
    expect((await view()).subscription).toMatchObject({ status: 'TRIALING', suspendedAt: null });
  });

  it('makes the subscription PAST_DUE when the trial ends, and suspends the tenant after the grace period', async () => {
    expect(await runDunning(stack, ['--now', new Date(trialEndsAt + HOUR_MS).toISOString()])).toBe('1 subscription(s) now past due, 0 tenant(s) suspended');
    expect(await view()).toMatchObject({
      status: 'ACTIVE',
      subscription: { status: 'PAST_DUE', plan: { code: 'trial' }, suspendedAt: null },
      entitlements: { canCreateInstances: false },
    });

    const afterGrace = new Date(trialEndsAt + 7 * DAY_MS + HOUR_MS).toISOString();
    expect(await runDunning(stack, ['--now', afterGrace])).toBe('0 subscription(s) now past due, 1 tenant(s) suspended');
    expect(await runDunning(stack, ['--now', afterGrace])).toBe('0 subscription(s) now past due, 0 tenant(s) suspended');
    expect((await view()).subscription).toMatchObject({ status: 'PAST_DUE', suspendedAt: afterGrace });
    await eventually(async () => ((await view()).status === 'SUSPENDED' ? true : undefined), 30_000, 'the tenant to be SUSPENDED');
    await waitForInstanceStatus(stack.gatewayUrl, owner, instanceId, 'STOPPED');
  });

  it('keeps a suspended tenant\'s instances stopped: starting one is refused', async () => {
    expect(firstError(await as(stack, owner, START, { id: instanceId }))).toMatchObject({
      code: 'FORBIDDEN',
      extensions: expect.objectContaining({ tenantStatus: 'SUSPENDED' }),
    });
    expect(firstError(await as(stack, owner, 'mutation($id: ID!) { restartInstance(id: $id) { id } }', { id: instanceId })).code).toBe('FORBIDDEN');
    expect(firstError(await createInstance(stack.gatewayUrl, owner, { tenantId: tenant.id })).code).toBe('FORBIDDEN');
  });

  it('resumes the tenant when it subscribes to a paid plan: its instance runs again', async () => {
    const subscribed = dataOf(await as<{ subscribeTenant: BillingView['tenant']['subscription'] }>(stack, owner, SUBSCRIBE, { tenantId: tenant.id, planCode: 'starter' }));
    expect(subscribed.subscribeTenant).toMatchObject({ status: 'ACTIVE', suspendedAt: null, plan: { code: 'starter' } });
    await eventually(async () => ((await view()).status === 'ACTIVE' ? true : undefined), 30_000, 'the tenant to be ACTIVE');
    await waitForInstanceStatus(stack.gatewayUrl, owner, instanceId, 'RUNNING');
    expect((await view()).entitlements.canCreateInstances).toBe(true);
    // The trial no longer counts against the tenant.
    const muchLater = new Date(trialEndsAt + 60 * DAY_MS).toISOString();
    expect(await runDunning(stack, ['--now', muchLater])).toBe('0 subscription(s) now past due, 0 tenant(s) suspended');
  });

  it('gives the container the new plan\'s limits at its next restart (the same container, updated in place)', async () => {
    const limits = async () => {
      const [container] = await listEnvContainers(stack.layout.shared.SAAS_ENV ?? '', { 'saas.instance': instanceId });
      const info = await testDocker().getContainer(container?.Id ?? 'missing').inspect();
      return { id: info.Id, nanoCpus: info.HostConfig.NanoCpus, memory: info.HostConfig.Memory };
    };
    const before = await limits();
    // Created on the trial: 1 CPU, 1 GiB.
    expect(before).toMatchObject({ nanoCpus: 1_000_000_000, memory: 1024 * 1024 * 1024 });
    dataOf(await as(stack, owner, 'mutation($id: ID!) { restartInstance(id: $id) { id } }', { id: instanceId }));
    await eventually(
      async () => {
        const operations = dataOf(await as<{ instance: { operations: Array<{ type: string; status: string }> } }>(stack, owner, 'query($id: ID!) { instance(id: $id) { operations(first: 1) { type status } } }', { id: instanceId })).instance.operations;
        return operations[0]?.type === 'RESTART' && operations[0].status === 'SUCCEEDED' ? true : undefined;
      },
      60_000,
      'the restart to succeed',
    );
    // Starter: 1 CPU, 2 GiB.
    expect(await limits()).toEqual({ id: before.id, nanoCpus: 1_000_000_000, memory: 2048 * 1024 * 1024 });
  });
});
