import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { dataOf, listEnvContainers, TestStack } from '@saas/testing';
import { createInstance, createTenant, eventually, signUp, type TestUser, waitForInstanceStatus } from '../support/fixtures';

const run = promisify(execFile);
/** Stops/starts the RabbitMQ application on this machine (connections drop, data stays). */
const rabbit = (action: 'stop_app' | 'start_app') => run('rabbitmqctl', ['-q', action], { timeout: 120_000 });

describe('instance pipeline resilience (crash, broker outage)', () => {
  let stack: TestStack;
  let owner: TestUser;

  beforeAll(async () => {
    stack = await TestStack.start();
    owner = await signUp(stack.gatewayUrl, 'owner');
  });

  afterAll(async () => {
    await rabbit('start_app').catch(() => undefined);
    await stack?.teardown();
  });

  const containersOf = (instanceId: string) => listEnvContainers(stack.layout.shared.SAAS_ENV ?? '', { 'saas.instance': instanceId });

  it('a worker killed in the middle of a create: after restart the instance is RUNNING with exactly one container', async () => {
    const tenant = await createTenant(stack.gatewayUrl, owner, 'Crash');
    const worker = stack.process('worker');
    const logBefore = worker.output().length;
    const operation = dataOf(await createInstance(stack.gatewayUrl, owner, { tenantId: tenant.id })).createInstance;
    const instanceId = operation.instance.id;
    // Kill it once it is creating the container: the database and volume exist by then.
    await eventually(async () => (worker.output().slice(logBefore).includes('"step":"container"') ? true : undefined), 60_000, 'the container step');
    await worker.kill();

    await stack.startService('worker');
    await waitForInstanceStatus(stack.gatewayUrl, owner, instanceId, 'RUNNING');
    expect(await containersOf(instanceId)).toHaveLength(1);
  });

  it('with RabbitMQ stopped, mutations still succeed and the jobs go out when it returns', async () => {
    const tenant = await createTenant(stack.gatewayUrl, owner, 'Outage');
    await rabbit('stop_app');
    let instanceId: string;
    try {
      const operation = dataOf(await createInstance(stack.gatewayUrl, owner, { tenantId: tenant.id })).createInstance;
      expect(operation).toMatchObject({ status: 'QUEUED', instance: { status: 'PENDING' } });
      instanceId = operation.instance.id;
    } finally {
      await rabbit('start_app');
    }
    await waitForInstanceStatus(stack.gatewayUrl, owner, instanceId, 'RUNNING');
    expect(await containersOf(instanceId)).toHaveLength(1);
  });

  it('a broker restart in the middle of a create loses no job', async () => {
    const tenant = await createTenant(stack.gatewayUrl, owner, 'Restart');
    const worker = stack.process('worker');
    const logBefore = worker.output().length;
    const operation = dataOf(await createInstance(stack.gatewayUrl, owner, { tenantId: tenant.id })).createInstance;
    await eventually(async () => (worker.output().slice(logBefore).includes('"step":"database"') ? true : undefined), 60_000, 'the database step');
    await rabbit('stop_app');
    await rabbit('start_app');
    await waitForInstanceStatus(stack.gatewayUrl, owner, operation.instance.id, 'RUNNING');
    expect(await containersOf(operation.instance.id)).toHaveLength(1);
  });
});
