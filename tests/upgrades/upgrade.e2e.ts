import { dataOf, errorCodes, graphql, listEnvContainers, queryOdooDb, TestStack } from '@saas/testing';
import { SUBSCRIBE } from '../billing/support';
import { OWN_STANDIN_IMAGE, buildOwnStandinImage } from '../support/standin-image';
import { createInstance, createTenant, eventually, OPERATION_FIELDS, type QueuedOperation, signUp, type TestTenant, type TestUser, waitForInstanceStatus } from '../support/fixtures';

const UPGRADE = `mutation($input: UpgradeInstanceInput!) { upgradeInstance(input: $input) { ${OPERATION_FIELDS} } }`;
const OPERATION = 'query($id: ID!) { instanceOperation(id: $id) { id type status progress message error backup { id kind status verification } } }';
const INSTANCE = 'query($id: ID!) { instance(id: $id) { id status odooVersion directUrl statusMessage backups { id kind status } stagingOf { id } } }';

interface Operation {
  id: string;
  type: string;
  status: string;
  progress: number;
  message: string | null;
  error: string | null;
  backup: { id: string; kind: string; status: string; verification: string } | null;
}

interface InstanceView {
  id: string;
  status: string;
  odooVersion: string;
  directUrl: string;
  statusMessage: string | null;
  backups: Array<{ id: string; kind: string; status: string }>;
  stagingOf: { id: string } | null;
}

const databaseOf = (instanceId: string) => `odoo_${instanceId.replace(/-/g, '')}`;

/**
 * upgradeInstance against the real stack and the stand-in image: 16.0 -> 17.0 with its data,
 * and each injected failure (migration exits non-zero, health never passes, the server dies
 * right after it answered) rolled back to 16.0 with the data it had. The stand-in's failure
 * switches are rows of the instance's own ir_config_parameter naming the versions that fail,
 * so the restored old image is not affected by them.
 */
describe('upgrades that roll back', () => {
  let stack: TestStack;
  let owner: TestUser;
  let tenant: TestTenant;
  let instanceId: string;
  let database: string;

  const as = <T>(query: string, variables: Record<string, unknown>) => graphql<T>(stack.gatewayUrl, query, variables, { token: owner.accessToken });
  const upgrade = (input: Record<string, unknown>) => as<{ upgradeInstance: QueuedOperation }>(UPGRADE, { input: { instanceId, ...input } });
  const instance = async (id = instanceId) => dataOf(await as<{ instance: InstanceView }>(INSTANCE, { id })).instance;
  const operation = async (id: string) => dataOf(await as<{ instanceOperation: Operation }>(OPERATION, { id })).instanceOperation;
  const finished = (id: string) =>
    eventually(async () => {
      const found = await operation(id);
      return found.status === 'SUCCEEDED' || found.status === 'FAILED' ? found : undefined;
    }, 240_000, `operation ${id} to finish`);
  const setSwitch = (key: string, versions: string | null) =>
    versions === null
      ? queryOdooDb('delete from ir_config_parameter where key = $1', [key], database)
      : queryOdooDb('insert into ir_config_parameter (key, value) values ($1, $2) on conflict (key) do update set value = excluded.value', [key, versions], database);
  const orders = async () => (await queryOdooDb<{ login: string }>("select login from res_users where login like 'customer-%' order by login", [], database)).map((row) => row.login);
  const baseVersion = async (db = database) => (await queryOdooDb<{ latest_version: string }>("select latest_version from ir_module_module where name = 'base'", [], db))[0]?.latest_version;
  const health = async (url: string) => (await (await fetch(`${url}/web/health`)).text()).trim();
  const odooContainers = () => listEnvContainers(stack.layout.shared.SAAS_ENV ?? '', { 'saas.instance': instanceId, 'saas.role': 'odoo' });

  /** Runs an upgrade to 17.0 that must fail and come back RUNNING on 16.0 with its data. */
  async function expectRolledBack(idempotencyKey: string, reason: RegExp): Promise<void> {
    const before = await orders();
    const queued = dataOf(await upgrade({ odooVersion: '17.0', idempotencyKey })).upgradeInstance;
    expect(queued).toMatchObject({ type: 'UPGRADE', status: 'QUEUED' });
    const failed = await finished(queued.id);
    expect(failed.status).toBe('FAILED');
    expect(failed.error).toMatch(reason);
    expect(failed.error).toMatch(/rolled back/i);
    expect(failed.error).toContain('16.0');
    // The pre-upgrade backup was taken and verified before anything changed.
    expect(failed.backup).toMatchObject({ kind: 'PRE_UPGRADE', status: 'COMPLETED', verification: 'PASSED' });
    const after = await waitForInstanceStatus(stack.gatewayUrl, owner, instanceId, 'RUNNING');
    expect(after.status).toBe('RUNNING');
    const view = await instance();
    expect(view.odooVersion).toBe('16.0');
    expect(await baseVersion()).toBe('16.0');
    expect(await orders()).toEqual(before);
    expect(await health(view.directUrl)).toBe('{"status":"pass"}');
    const containers = await odooContainers();
    // The old image (by its id when its tag was rebuilt meanwhile).
    expect(containers.map((container) => [container.Labels['saas.odoo-version'], container.State])).toEqual([['16.0', 'running']]);
  }

  beforeAll(async () => {
    const image = buildOwnStandinImage(OWN_STANDIN_IMAGE, ['16.0', '17.0', '18.0']);
    stack = await TestStack.start({ env: { ODOO_IMAGE: image }, serviceEnv: { worker: { HEALTH_TIMEOUT_MS: '8000', UPGRADE_SETTLE_MS: '4000' } } });
    owner = await signUp(stack.gatewayUrl, 'upgrader');
    tenant = await createTenant(stack.gatewayUrl, owner);
    // The trial allows one instance; an upgrade rehearsal makes a staging copy.
    dataOf(await as(SUBSCRIBE, { tenantId: tenant.id, planCode: 'starter' }));
    instanceId = dataOf(await createInstance(stack.gatewayUrl, owner, { tenantId: tenant.id, odooVersion: '16.0' })).createInstance.instance.id;
    await waitForInstanceStatus(stack.gatewayUrl, owner, instanceId, 'RUNNING');
    database = databaseOf(instanceId);
    await queryOdooDb("insert into res_users (login) values ('customer-1'), ('customer-2')", [], database);
  });

  afterAll(async () => {
    await stack?.teardown();
  });

  it('refuses what is not an upgrade: unknown, earlier or unsupported series, also rehearsed, bad keys', async () => {
    expect(errorCodes(await upgrade({ odooVersion: '15.0' }))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await upgrade({ odooVersion: 'latest' }))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await upgrade({ odooVersion: '15.0', rehearse: true }))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await upgrade({ odooVersion: '17.0', idempotencyKey: 'with spaces' }))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await graphql(stack.gatewayUrl, UPGRADE, { input: { instanceId, odooVersion: '17.0' } }))).toEqual(['UNAUTHENTICATED']);
  });

  /**
   * A rehearsal: the returned operation is the STAGING operation of a new copy of production;
   * production stays RUNNING on 16.0 with its container untouched. The copy is deleted here
   * (the product leaves it for inspection until its staging lifetime ends).
   */
  async function rehearse(idempotencyKey: string): Promise<{ done: Operation; copyId: string }> {
    const productionContainer = (await odooContainers()).map((container) => [container.Id, container.Labels['saas.odoo-version'], container.State]);
    const queued = dataOf(await upgrade({ odooVersion: '17.0', rehearse: true, idempotencyKey })).upgradeInstance;
    expect(queued).toMatchObject({ type: 'STAGING', status: 'QUEUED' });
    expect(queued.instance.id).not.toBe(instanceId);
    expect(dataOf(await upgrade({ odooVersion: '17.0', rehearse: true, idempotencyKey })).upgradeInstance.id).toBe(queued.id);
    const copyId = queued.instance.id;
    expect((await instance(copyId)).stagingOf).toEqual({ id: instanceId });
    const done = await finished(queued.id);
    const production = await instance();
    expect(production).toMatchObject({ status: 'RUNNING', odooVersion: '16.0' });
    expect(await baseVersion()).toBe('16.0');
    expect(await health(production.directUrl)).toBe('{"status":"pass"}');
    expect((await odooContainers()).map((container) => [container.Id, container.Labels['saas.odoo-version'], container.State])).toEqual(productionContainer);
    // The copy is RUNNING either way, for inspection.
    await waitForInstanceStatus(stack.gatewayUrl, owner, copyId, 'RUNNING');
    return { done, copyId };
  }
  const deleteCopy = async (copyId: string) => {
    dataOf(await as(`mutation($id: ID!) { deleteInstance(id: $id) { id } }`, { id: copyId }));
    await waitForInstanceStatus(stack.gatewayUrl, owner, copyId, 'DELETED');
  };

  it('rehearse: the upgrade runs on a staging copy and would succeed; production stays RUNNING on 16.0', async () => {
    const { done, copyId } = await rehearse('rehearse-ok');
    expect(done).toMatchObject({ status: 'SUCCEEDED', error: null });
    expect(done.message).toMatch(/would succeed/);
    expect(done.message).toMatch(/Production was not touched/);
    expect((await instance(copyId)).odooVersion).toBe('17.0');
    expect(await baseVersion(databaseOf(copyId))).toBe('17.0');
    await deleteCopy(copyId);
  });

  it('rehearse with the migration failing: the report says the upgrade would fail; production untouched', async () => {
    // In production's own database, so the copy has it; production itself is not upgraded.
    await setSwitch('saas_standin.fail_update', '17.0');
    const { done, copyId } = await rehearse('rehearse-fails');
    expect(done.status).toBe('FAILED');
    expect(done.error).toMatch(/would fail/);
    expect(done.error).toMatch(/Migration to Odoo 17\.0 .*exited with code 1/);
    expect(done.error).toMatch(/Production was not touched/);
    expect((await instance(copyId)).odooVersion).toBe('16.0');
    expect(await baseVersion(databaseOf(copyId))).toBe('16.0');
    await setSwitch('saas_standin.fail_update', null);
    await deleteCopy(copyId);
  });

  it('migration exits non-zero: rolled back, RUNNING on 16.0 with its data', async () => {
    await setSwitch('saas_standin.fail_update', '17.0');
    await expectRolledBack('fail-migration', /Migration to Odoo 17\.0 .*exited with code 1/);
    await setSwitch('saas_standin.fail_update', null);
  });

  it('health never passes on the new image: rolled back', async () => {
    await setSwitch('saas_standin.fail_health', '17.0');
    await expectRolledBack('fail-health', /did not answer \/web\/health/);
    await setSwitch('saas_standin.fail_health', null);
  });

  it('the server dies right after its first healthy answer: the health gate fails and rolls back', async () => {
    await setSwitch('saas_standin.exit_after_start', '17.0');
    await expectRolledBack('fail-settle', /did not stay up|exited|restarted/);
    await setSwitch('saas_standin.exit_after_start', null);
  });

  it('the worker is killed mid-migration: the redelivered job rolls back, RUNNING on 16.0 with its data', async () => {
    await setSwitch('saas_standin.slow_update', '17.0');
    const worker = stack.process('worker');
    const logBefore = worker.output().length;
    const before = await orders();
    const queued = dataOf(await upgrade({ odooVersion: '17.0', idempotencyKey: 'killed' })).upgradeInstance;
    await eventually(async () => (worker.output().slice(logBefore).includes('"step":"migrate"') ? true : undefined), 120_000, 'the migrate step');
    await worker.kill();
    await stack.startService('worker');
    const failed = await finished(queued.id);
    expect(failed.status).toBe('FAILED');
    expect(failed.error).toMatch(/interrupted/);
    expect(failed.error).toMatch(/Rolled back/);
    await waitForInstanceStatus(stack.gatewayUrl, owner, instanceId, 'RUNNING');
    expect((await instance()).odooVersion).toBe('16.0');
    expect(await baseVersion()).toBe('16.0');
    expect(await orders()).toEqual(before);
    // The killed worker's migration container is gone, and one Odoo container runs the old image.
    expect(await listEnvContainers(stack.layout.shared.SAAS_ENV ?? '', { 'saas.instance': instanceId, 'saas.role': 'helper' })).toHaveLength(0);
    expect((await odooContainers()).map((container) => [container.Labels['saas.odoo-version'], container.State])).toEqual([['16.0', 'running']]);
    await setSwitch('saas_standin.slow_update', null);
  });

  it('16.0 -> 17.0 succeeds: odooVersion changes, the data is kept, the same key returns the same operation', async () => {
    const before = await orders();
    expect(before).toEqual(['customer-1', 'customer-2']);
    const queued = dataOf(await upgrade({ odooVersion: '17.0', idempotencyKey: 'to-17' })).upgradeInstance;
    expect(dataOf(await upgrade({ odooVersion: '17.0', idempotencyKey: 'to-17' })).upgradeInstance.id).toBe(queued.id);
    // The same key for another request is a conflict, not a second operation.
    expect(errorCodes(await upgrade({ odooVersion: '18.0', idempotencyKey: 'to-17' }))).toEqual(['CONFLICT']);
    const done = await finished(queued.id);
    expect(done).toMatchObject({ status: 'SUCCEEDED', progress: 100, error: null, backup: { kind: 'PRE_UPGRADE', status: 'COMPLETED' } });
    const view = await waitForInstanceStatus(stack.gatewayUrl, owner, instanceId, 'RUNNING').then(() => instance());
    expect(view.odooVersion).toBe('17.0');
    expect(await baseVersion()).toBe('17.0');
    expect(await orders()).toEqual(before);
    expect(await health(view.directUrl)).toBe('{"status":"pass"}');
    expect((await odooContainers()).map((container) => [container.Image, container.Labels['saas.odoo-version']])).toEqual([[`${OWN_STANDIN_IMAGE}:17.0`, '17.0']]);
    // One PRE_UPGRADE backup per upgrade attempt, each kept.
    expect(view.backups.filter((backup) => backup.kind === 'PRE_UPGRADE')).toHaveLength(5);
  });

  it('after the upgrade: 16.0 is a downgrade (BAD_USER_INPUT); a STOPPED instance cannot be upgraded (CONFLICT)', async () => {
    expect(errorCodes(await upgrade({ odooVersion: '16.0' }))).toEqual(['BAD_USER_INPUT']);
    dataOf(await as(`mutation($id: ID!) { stopInstance(id: $id) { id } }`, { id: instanceId }));
    await waitForInstanceStatus(stack.gatewayUrl, owner, instanceId, 'STOPPED');
    expect(errorCodes(await upgrade({ odooVersion: '18.0' }))).toEqual(['CONFLICT']);
  });
});
