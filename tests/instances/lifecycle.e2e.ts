import {
  dataOf,
  errorCodes,
  graphql,
  listEnvContainers,
  odooDatabaseExists,
  odooRoleExists,
  TestStack,
  volumeExists,
} from '@saas/testing';
import { createInstance, createTenant, OPERATION_FIELDS, signUp, type TestTenant, type TestUser, waitForInstanceStatus } from '../support/fixtures';

const INSTANCE_FIELDS = 'id name subdomain url directUrl odooVersion modules status statusMessage tenant { id slug }';

describe('instance lifecycle through the gateway (real worker, Docker Engine and PostgreSQL)', () => {
  let stack: TestStack;
  let owner: TestUser;
  let tenant: TestTenant;

  const run = <T>(query: string, variables: Record<string, unknown> = {}) =>
    graphql<T>(stack.gatewayUrl, query, variables, { token: owner.accessToken });
  const command = async (mutation: string, variables: Record<string, unknown>) => {
    const definitions = mutation.includes('$backupId') ? '$id: ID!, $backupId: ID!' : '$id: ID!';
    return dataOf(await run<Record<string, { id: string; type: string; status: string }>>(`mutation(${definitions}) { op: ${mutation} { ${OPERATION_FIELDS} } }`, variables)).op;
  };

  beforeAll(async () => {
    stack = await TestStack.start();
    owner = await signUp(stack.gatewayUrl, 'owner');
    tenant = await createTenant(stack.gatewayUrl, owner);
  });

  afterAll(async () => {
    await stack?.teardown();
  });

  it('creates an instance: PENDING at once, then RUNNING with its own container, database and role', async () => {
    const response = await createInstance(stack.gatewayUrl, owner, { tenantId: tenant.id, modules: ['sale', 'crm'] });
    const operation = dataOf(response).createInstance;
    expect(operation).toMatchObject({ type: 'CREATE', status: 'QUEUED', instance: { status: 'PENDING' } });
    const instanceId = operation.instance.id;

    await waitForInstanceStatus(stack.gatewayUrl, owner, instanceId, 'RUNNING');
    const { instance } = dataOf(await run<{ instance: Record<string, unknown> & { directUrl: string; url: string } }>(`query($id: ID!) { instance(id: $id) { ${INSTANCE_FIELDS} operations { type status progress } } }`, { id: instanceId }));
    expect(instance).toMatchObject({ status: 'RUNNING', odooVersion: '17.0', modules: ['crm', 'sale'], tenant: { id: tenant.id } });
    expect(instance.url).toBe(`https://${operation.instance.subdomain}.odoo.localhost`);
    expect(instance.operations).toEqual([{ type: 'CREATE', status: 'SUCCEEDED', progress: 100 }]);

    const health = await fetch(`${instance.directUrl}/web/health`);
    expect(await health.json()).toEqual({ status: 'pass' });
    const containers = await listEnvContainers(stack.layout.shared.SAAS_ENV ?? '', { 'saas.instance': instanceId });
    expect(containers).toHaveLength(1);
    const databaseName = `odoo_${instanceId.replace(/-/g, '')}`;
    expect(await odooDatabaseExists(databaseName)).toBe(true);
    expect(await odooRoleExists(databaseName)).toBe(true);

    // Stop, start, back up, restore, delete: each returns its queued operation at once.
    expect(await command('stopInstance(id: $id)', { id: instanceId })).toMatchObject({ type: 'STOP', status: 'QUEUED' });
    await waitForInstanceStatus(stack.gatewayUrl, owner, instanceId, 'STOPPED');
    const stopped = await listEnvContainers(stack.layout.shared.SAAS_ENV ?? '', { 'saas.instance': instanceId });
    expect(stopped.map((container) => container.State)).toEqual(['exited']);

    await command('startInstance(id: $id)', { id: instanceId });
    await waitForInstanceStatus(stack.gatewayUrl, owner, instanceId, 'RUNNING');

    const backupOperation = await command('backupInstance(id: $id)', { id: instanceId });
    expect(backupOperation).toMatchObject({ type: 'BACKUP', status: 'QUEUED' });
    await waitForInstanceStatus(stack.gatewayUrl, owner, instanceId, 'RUNNING');
    const { instance: withBackup } = dataOf(await run<{ instance: { backups: Array<{ id: string; status: string; sizeBytes: number; checksum: string }> } }>('query($id: ID!) { instance(id: $id) { backups { id status sizeBytes checksum } } }', { id: instanceId }));
    expect(withBackup.backups).toHaveLength(1);
    const [backup] = withBackup.backups;
    expect(backup).toMatchObject({ status: 'COMPLETED' });
    expect(backup?.sizeBytes).toBeGreaterThan(0);
    expect(backup?.checksum).toMatch(/^[0-9a-f]{64}$/);

    expect(await command('restoreInstance(id: $id, backupId: $backupId)', { id: instanceId, backupId: backup?.id })).toMatchObject({ type: 'RESTORE' });
    await waitForInstanceStatus(stack.gatewayUrl, owner, instanceId, 'RUNNING');

    await command('deleteInstance(id: $id)', { id: instanceId });
    await waitForInstanceStatus(stack.gatewayUrl, owner, instanceId, 'DELETED');
    expect(await listEnvContainers(stack.layout.shared.SAAS_ENV ?? '', { 'saas.instance': instanceId })).toHaveLength(0);
    expect(await volumeExists(`odoo-data-${instanceId}`)).toBe(false);
    expect(await odooDatabaseExists(databaseName)).toBe(false);
    expect(await odooRoleExists(databaseName)).toBe(false);

    // Deleted: listed only when asked for, and nothing more can be done with it.
    const listing = dataOf(await run<{ tenant: { live: { totalCount: number }; deleted: { totalCount: number } } }>('query($id: ID!) { tenant(id: $id) { live: instances { totalCount } deleted: instances(status: [DELETED]) { totalCount } } }', { id: tenant.id }));
    expect(listing.tenant).toEqual({ live: { totalCount: 0 }, deleted: { totalCount: 1 } });
    const refused = await run('mutation($id: ID!) { startInstance(id: $id) { id } }', { id: instanceId });
    expect(errorCodes(refused)).toEqual(['CONFLICT']);
    expect(refused.errors?.[0]?.message).toMatch(/DELETED/);
  });

  it('returns the same instance when a create is retried with the same idempotency key', async () => {
    const other = await createTenant(stack.gatewayUrl, owner, 'Idempotent');
    const input = { tenantId: other.id, subdomain: `idem-${Date.now().toString(36)}`, idempotencyKey: `key-${Date.now()}` };
    const first = dataOf(await createInstance(stack.gatewayUrl, owner, input)).createInstance;
    const again = dataOf(await createInstance(stack.gatewayUrl, owner, input)).createInstance;
    expect(again.id).toBe(first.id);
    expect(again.instance.id).toBe(first.instance.id);

    const different = await createInstance(stack.gatewayUrl, owner, { ...input, name: 'Another name' });
    expect(errorCodes(different)).toEqual(['CONFLICT']);

    await waitForInstanceStatus(stack.gatewayUrl, owner, first.instance.id, 'RUNNING');
    await command('deleteInstance(id: $id)', { id: first.instance.id });
    await waitForInstanceStatus(stack.gatewayUrl, owner, first.instance.id, 'DELETED');
  });
});
