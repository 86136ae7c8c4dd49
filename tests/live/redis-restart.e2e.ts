import { dataOf, graphql, RedisServer, TestStack } from '@saas/testing';
import { createInstance, createTenant, eventually, signUp, type TestUser } from '../support/fixtures';
import { subscribe, waitForResults } from '../support/live-client';

const STATUS = 'subscription($tenantId: ID!) { instanceStatusChanged(tenantId: $tenantId) { status sequence } }';
type StatusEvent = { instanceStatusChanged: { status: string; sequence: number } };

/**
 * Redis keeps nothing and its pub/sub drops what is published while the gateway reconnects.
 * A subscriber whose socket stayed open through a Redis restart still gets every change, in
 * order and once: the gateway catches its status subscriptions up from the history when its
 * Redis subscriber is back.
 */
describe('live status through a Redis restart', () => {
  let redis: RedisServer;
  let stack: TestStack;
  let owner: TestUser;

  beforeAll(async () => {
    redis = await RedisServer.start();
    stack = await TestStack.start({ env: { REDIS_URL: redis.url } });
    owner = await signUp(stack.gatewayUrl, 'owner');
  });

  afterAll(async () => {
    await stack?.teardown();
    await redis?.stop();
  });

  const waitForStatus = (id: string, status: string) =>
    eventually(
      async () => {
        const response = await graphql<{ instance: { status: string; currentOperation: { id: string } | null } }>(
          stack.gatewayUrl,
          'query($id: ID!) { instance(id: $id) { status currentOperation { id } } }',
          { id },
          { token: owner.accessToken },
        );
        const instance = dataOf(response).instance;
        return instance.status === status && !instance.currentOperation ? true : undefined;
      },
      180_000,
      `instance ${status}`,
    );

  it('delivers every change to an open subscription, in order and once, although Redis restarted in the middle', async () => {
    const tenant = await createTenant(stack.gatewayUrl, owner, 'Redis restart');
    const live = subscribe<StatusEvent>(stack.gatewayWsUrl, owner.accessToken, STATUS, { tenantId: tenant.id });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const instanceId = dataOf(await createInstance(stack.gatewayUrl, owner, { tenantId: tenant.id })).createInstance.instance.id;
    await waitForResults(live, 1);
    await redis.restart();
    await waitForStatus(instanceId, 'RUNNING');
    await eventually(async () => (live.results.length >= 3 ? true : undefined), 60_000, 'three changes');

    await redis.restart();
    await eventually(
      async () => (dataOf(await graphql(stack.gatewayUrl, 'mutation($id: ID!) { stopInstance(id: $id) { id } }', { id: instanceId }, { token: owner.accessToken })) ? true : undefined),
      60_000,
      'stopInstance accepted after the restart',
    );
    await waitForStatus(instanceId, 'STOPPED');
    await eventually(async () => (live.results.length >= 5 ? true : undefined), 60_000, 'five changes');
    expect(live.results.map((r) => `${r.data?.instanceStatusChanged.sequence}:${r.data?.instanceStatusChanged.status}`)).toEqual([
      '1:PENDING',
      '2:PROVISIONING',
      '3:RUNNING',
      '4:STOPPING',
      '5:STOPPED',
    ]);
    await live.dispose();
  });
});
