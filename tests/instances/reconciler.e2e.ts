import { randomUUID } from 'node:crypto';
import { escapeLiteral } from 'pg';
import { dataOf, errorCodes, graphql, instanceDatabasePassword, listEnvContainers, queryOdooDb, testDocker, TestStack } from '@saas/testing';
import { createInstance, createTenant, eventually, signUp, type TestTenant, type TestUser, waitForInstanceStatus } from '../support/fixtures';

/** One `reconciler found drift` line of the instance subgraph's log. */
interface DriftLog {
  msg: string;
  kind: string;
  instanceId: string;
  repair?: string;
}

function driftLogs(output: string): DriftLog[] {
  return output.split('\n').flatMap((line) => {
    try {
      const entry = JSON.parse(line) as Partial<DriftLog>;
      return entry.msg === 'reconciler found drift' ? [entry as DriftLog] : [];
    } catch {
      return [];
    }
  });
}

/** Runs a shell command inside a container (as Docker would with `docker exec`). */
async function exec(containerId: string, script: string): Promise<void> {
  const execution = await testDocker().getContainer(containerId).exec({ Cmd: ['sh', '-c', script], AttachStdout: true, AttachStderr: true });
  const stream = await execution.start({});
  await new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('error', reject);
    stream.resume();
  });
}

describe('reconciler: containers changed behind the platform back are repaired or reported', () => {
  let stack: TestStack;
  let owner: TestUser;
  let tenant: TestTenant;
  let instanceId: string;

  const env = () => stack.layout.shared.SAAS_ENV ?? '';
  const run = <T>(query: string, variables: Record<string, unknown> = {}) =>
    graphql<T>(stack.gatewayUrl, query, variables, { token: owner.accessToken });
  const containerOf = async () => {
    const containers = await listEnvContainers(env(), { 'saas.instance': instanceId, 'saas.role': 'odoo' });
    expect(containers).toHaveLength(1);
    return containers[0]!;
  };
  const operationsOf = async () =>
    dataOf(await run<{ instance: { operations: Array<{ type: string; status: string }> } }>('query($id: ID!) { instance(id: $id) { operations(first: 50) { type status } } }', { id: instanceId }))
      .instance.operations;
  const drifts = (kind: string, id = instanceId) => driftLogs(stack.process('instance').output()).filter((d) => d.kind === kind && d.instanceId === id);
  /** The subgraph ignores instances changed in the last 10 s: waits for a logged drift of `kind`. */
  const waitForDrift = (kind: string, id = instanceId) => eventually(async () => drifts(kind, id)[0], 120_000, `a ${kind} drift of ${id}`);

  beforeAll(async () => {
    stack = await TestStack.start({ serviceEnv: { worker: { RECONCILE_INTERVAL_MS: '1000' } } });
    owner = await signUp(stack.gatewayUrl, 'owner');
    tenant = await createTenant(stack.gatewayUrl, owner);
    instanceId = dataOf(await createInstance(stack.gatewayUrl, owner, { tenantId: tenant.id })).createInstance.instance.id;
    await waitForInstanceStatus(stack.gatewayUrl, owner, instanceId, 'RUNNING');
  });

  afterAll(async () => {
    await stack?.teardown();
  });

  it('a killed container of a RUNNING instance is restarted by a RESTART the platform queues itself', async () => {
    const before = await containerOf();
    await testDocker().getContainer(before.Id).kill();
    expect((await containerOf()).State).toBe('exited');

    expect(await waitForDrift('container-stopped')).toMatchObject({ repair: 'RESTART' });
    await eventually(async () => ((await operationsOf()).some((op) => op.type === 'RESTART' && op.status === 'SUCCEEDED') ? true : undefined), 180_000, 'the RESTART repair');
    await waitForInstanceStatus(stack.gatewayUrl, owner, instanceId, 'RUNNING');
    expect((await containerOf()).State).toBe('running');
    // Audited like any operation, with the platform (no user) as the actor.
    const audit = await eventually(async () => {
      const { tenant: found } = dataOf(
        await run<{ tenant: { auditLog: { edges: Array<{ node: { action: string; actor: { id: string } | null; targetId: string } }> } } }>(
          'query($id: ID!) { tenant(id: $id) { auditLog(first: 50) { edges { node { action actor { id } targetId } } } } }',
          { id: tenant.id },
        ),
      );
      return found.auditLog.edges.map((edge) => edge.node).find((node) => node.action === 'instance.restart');
    }, 60_000, 'the audited repair');
    expect(audit).toEqual({ action: 'instance.restart', actor: null, targetId: instanceId });
  });

  it('a crash-looping container (the engine keeps restarting it) is reported and restarted, not taken for healthy', async () => {
    const container = await containerOf();
    const password = await instanceDatabasePassword(container.Id);
    const role = `odoo_${instanceId.replace(/-/g, '')}`;
    expect(password).toBeTruthy();
    const restartsBefore = (await operationsOf()).filter((op) => op.type === 'RESTART').length;
    // The server now refuses the instance's login: every start exits at once, and the engine
    // (restart policy unless-stopped) restarts it again and again.
    await queryOdooDb(`alter role "${role}" password ${escapeLiteral(`wrong-${randomUUID()}`)}`);
    try {
      // The stand-in's HTTP server is socat (busybox httpd runs per connection): killing it ends the container.
      await exec(container.Id, 'kill $(pidof socat)');
      expect(await waitForDrift('container-crash-looping')).toMatchObject({ repair: 'RESTART' });
      await eventually(async () => ((await operationsOf()).filter((op) => op.type === 'RESTART').length > restartsBefore ? true : undefined), 60_000, 'the queued RESTART');
    } finally {
      await queryOdooDb(`alter role "${role}" password ${escapeLiteral(password ?? '')}`);
    }
    await eventually(async () => ((await operationsOf()).filter((op) => op.type === 'RESTART' && op.status === 'SUCCEEDED').length > restartsBefore ? true : undefined), 240_000, 'the RESTART repair');
    await waitForInstanceStatus(stack.gatewayUrl, owner, instanceId, 'RUNNING');
    expect((await containerOf()).State).toBe('running');
  });

  it('a removed container makes its RUNNING instance FAILED; a FAILED instance cannot be backed up, but restarts', async () => {
    // v: the image declares anonymous volumes (/mnt/extra-addons); removing them too leaves nothing behind.
    await testDocker().getContainer((await containerOf()).Id).remove({ force: true, v: true });
    await waitForDrift('container-missing');
    const failed = await waitForInstanceStatus(stack.gatewayUrl, owner, instanceId, 'FAILED');
    expect(failed.statusMessage).toMatch(/disappeared/);

    const backup = await run('mutation($id: ID!) { backupInstance(id: $id) { id } }', { id: instanceId });
    expect(errorCodes(backup)).toEqual(['CONFLICT']);
    expect(backup.errors?.[0]?.message).toMatch(/Cannot backup an instance that is FAILED/);
    expect(backup.errors?.[0]?.extensions).toMatchObject({ status: 'FAILED', operation: 'BACKUP' });

    const succeeded = async () => (await operationsOf()).filter((op) => op.type === 'RESTART' && op.status === 'SUCCEEDED').length;
    const before = await succeeded();
    const restart = await run('mutation($id: ID!) { restartInstance(id: $id) { id } }', { id: instanceId });
    expect(restart.errors).toBeUndefined();
    // FAILED until the worker takes the job: wait for the operation, then for the status.
    await eventually(async () => ((await succeeded()) > before ? true : undefined), 180_000, 'the RESTART');
    await waitForInstanceStatus(stack.gatewayUrl, owner, instanceId, 'RUNNING');
    expect((await containerOf()).State).toBe('running');
  });

  it('a container labelled as an instance the platform does not know is reported as an orphan, and left alone', async () => {
    const orphanId = randomUUID();
    const orphan = await testDocker().createContainer({
      Image: 'saas-odoo-standin:17.0',
      Cmd: ['sleep', '600'],
      Labels: { 'saas.env': env(), 'saas.role': 'odoo', 'saas.instance': orphanId, 'saas.tenant': randomUUID() },
    });
    try {
      await orphan.start();
      await waitForDrift('orphan', orphanId);
      expect((await orphan.inspect()).State.Running).toBe(true);
      // The known instance is not mistaken for an orphan.
      expect(drifts('orphan')).toEqual([]);
    } finally {
      await orphan.remove({ force: true, v: true });
    }
  });
});
