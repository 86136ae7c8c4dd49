import { dataOf, errorCodes, graphql, listEnvContainers, TestStack, volumeExists } from '@saas/testing';
import { scrape } from '../observability/support/prometheus';
import { OPERATION_FIELDS, type QueuedOperation, createInstance, createTenant, eventually, signUp, type TestTenant, type TestUser, waitForInstanceStatus } from '../support/fixtures';
import { subscribe, type Subscriber } from '../support/live-client';

interface StatusEvent {
  instanceStatusChanged: { status: string; previousStatus: string | null; message: string | null; instance: { id: string } };
}

const HIBERNATE = `mutation($id: ID!) { hibernateInstance(id: $id) { ${OPERATION_FIELDS} } }`;
const SET_HIBERNATION = 'mutation($id: ID!, $disabled: Boolean!) { setInstanceHibernation(id: $id, disabled: $disabled) { id hibernationDisabled hibernateAfterMinutes } }';
const USAGE = 'query($id: ID!) { tenant(id: $id) { usage { instances { seconds instance { id } } } } }';

describe('hibernation: hibernateInstance, HIBERNATED, wake by START, billing and memory', () => {
  let stack: TestStack;
  let owner: TestUser;
  let stranger: TestUser;
  let tenant: TestTenant;
  let instanceId: string;
  let live: Subscriber<StatusEvent>;

  const as = <T>(user: TestUser, query: string, variables: Record<string, unknown> = {}) => graphql<T>(stack.gatewayUrl, query, variables, { token: user.accessToken });
  const env = () => stack.layout.shared.SAAS_ENV ?? '';
  const odooContainer = async () => {
    const containers = await listEnvContainers(env(), { 'saas.instance': instanceId, 'saas.role': 'odoo' });
    expect(containers).toHaveLength(1);
    return containers[0]!;
  };
  /** The instance's metered seconds this period, as billing shows them. */
  const meteredSeconds = async () => {
    const { tenant: found } = dataOf(await as<{ tenant: { usage: { instances: Array<{ seconds: number; instance: { id: string } }> } } }>(owner, USAGE, { id: tenant.id }));
    return found.usage.instances.find((usage) => usage.instance.id === instanceId)?.seconds ?? 0;
  };
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  beforeAll(async () => {
    stack = await TestStack.start({ serviceEnv: { worker: { RECONCILE_INTERVAL_MS: '1000' } } });
    owner = await signUp(stack.gatewayUrl, 'sleepy');
    stranger = await signUp(stack.gatewayUrl, 'stranger');
    tenant = await createTenant(stack.gatewayUrl, owner);
    await createTenant(stack.gatewayUrl, stranger, 'Other');
    instanceId = dataOf(await createInstance(stack.gatewayUrl, owner, { tenantId: tenant.id })).createInstance.instance.id;
    await waitForInstanceStatus(stack.gatewayUrl, owner, instanceId, 'RUNNING');
    live = subscribe<StatusEvent>(
      stack.gatewayUrl.replace(/^http/, 'ws'),
      owner.accessToken,
      'subscription($tenantId: ID!, $instanceId: ID) { instanceStatusChanged(tenantId: $tenantId, instanceId: $instanceId) { status previousStatus message instance { id } } }',
      { tenantId: tenant.id, instanceId },
    );
  });

  afterAll(async () => {
    await live?.dispose();
    await stack?.teardown();
  });

  it('the trial plan hibernates after idle minutes; the instance shows it and is not opted out', async () => {
    const { instance } = dataOf(await as<{ instance: { hibernateAfterMinutes: number | null; hibernationDisabled: boolean } }>(owner, 'query($id: ID!) { instance(id: $id) { hibernateAfterMinutes hibernationDisabled } }', { id: instanceId }));
    expect(instance).toEqual({ hibernateAfterMinutes: 30, hibernationDisabled: false });
  });

  it('a member of another tenant cannot hibernate it, nor opt it out', async () => {
    expect(errorCodes(await as(stranger, HIBERNATE, { id: instanceId }))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await as(stranger, SET_HIBERNATION, { id: instanceId, disabled: true }))).toEqual(['FORBIDDEN']);
  });

  it('hibernateInstance: HIBERNATED with a status event, container stopped, volume kept', async () => {
    const { hibernateInstance } = dataOf(await as<{ hibernateInstance: QueuedOperation }>(owner, HIBERNATE, { id: instanceId }));
    expect(hibernateInstance).toMatchObject({ type: 'HIBERNATE', status: 'QUEUED', instance: { id: instanceId } });
    await waitForInstanceStatus(stack.gatewayUrl, owner, instanceId, 'HIBERNATED');
    expect((await odooContainer()).State).toBe('exited');
    expect(await volumeExists(`odoo-data-${instanceId}`)).toBe(true);
    const event = await eventually(async () => live.results.map((result) => result.data?.instanceStatusChanged).find((change) => change?.status === 'HIBERNATED'), 30_000, 'the HIBERNATED event');
    expect(event).toMatchObject({ previousStatus: 'STOPPING', instance: { id: instanceId } });
    // Asleep is not broken: RESTART is refused; START (or the next request) wakes it.
    expect(errorCodes(await as(owner, 'mutation($id: ID!) { restartInstance(id: $id) { id } }', { id: instanceId }))).toEqual(['CONFLICT']);
  });

  it('staff see the memory hibernation frees', async () => {
    const read = await scrape(stack.metricsUrl('instance'));
    expect(read('hibernation_memory_freed_bytes', { source: 'measured' })).toBeGreaterThan(0);
  });

  it('the reconciler leaves it asleep: no drift, no restart', async () => {
    // Past the reconciler's settle time (10 s) with a snapshot every second.
    await pause(15_000);
    expect((await odooContainer()).State).toBe('exited');
    const drifts = stack.process('instance').output().split('\n').filter((line) => line.includes('reconciler found drift') && line.includes(instanceId));
    expect(drifts).toEqual([]);
    const { instance } = dataOf(await as<{ instance: { status: string; operations: Array<{ type: string }> } }>(owner, 'query($id: ID!) { instance(id: $id) { status operations { type } } }', { id: instanceId }));
    expect(instance.status).toBe('HIBERNATED');
    expect(instance.operations.map((operation) => operation.type)).toEqual(['HIBERNATE', 'CREATE']);
  });

  it('metered instance-hours stop while it sleeps', async () => {
    const settled = await eventually(async () => {
      const first = await meteredSeconds();
      await pause(2_000);
      return (await meteredSeconds()) === first ? first : undefined;
    }, 60_000, 'usage to stop growing');
    await pause(2_000);
    expect(await meteredSeconds()).toBe(settled);
  });

  it('a START wakes it: RUNNING again and metered again', async () => {
    const before = await meteredSeconds();
    dataOf(await as(owner, 'mutation($id: ID!) { startInstance(id: $id) { id } }', { id: instanceId }));
    await waitForInstanceStatus(stack.gatewayUrl, owner, instanceId, 'RUNNING');
    expect((await odooContainer()).State).toBe('running');
    await eventually(async () => ((await meteredSeconds()) > before ? true : undefined), 60_000, 'usage to grow again');
  });

  it('an ADMIN opts it out (audited), and back in', async () => {
    const off = dataOf(await as<{ setInstanceHibernation: { hibernationDisabled: boolean } }>(owner, SET_HIBERNATION, { id: instanceId, disabled: true }));
    expect(off.setInstanceHibernation).toMatchObject({ id: instanceId, hibernationDisabled: true });
    const audit = await eventually(async () => {
      const { tenant: found } = dataOf(
        await as<{ tenant: { auditLog: { edges: Array<{ node: { action: string; targetId: string } }> } } }>(owner, 'query($id: ID!) { tenant(id: $id) { auditLog(first: 50) { edges { node { action targetId } } } } }', { id: tenant.id }),
      );
      return found.auditLog.edges.map((edge) => edge.node).find((node) => node.action === 'instance.hibernation_disabled');
    }, 60_000, 'the audited opt-out');
    expect(audit).toEqual({ action: 'instance.hibernation_disabled', targetId: instanceId });
    const on = dataOf(await as<{ setInstanceHibernation: { hibernationDisabled: boolean } }>(owner, SET_HIBERNATION, { id: instanceId, disabled: false }));
    expect(on.setInstanceHibernation.hibernationDisabled).toBe(false);
  });
});
