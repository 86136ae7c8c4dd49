import { dataOf, errorCodes, graphql, instanceDatabasePassword, listEnvContainers, odooDatabaseExists, odooDbLoginError, odooRoleExists, queryOdooDb, TestStack, volumeExists } from '@saas/testing';
import { createInstance, createTenant, eventually, OPERATION_FIELDS, signUp, type TestTenant, type TestUser, waitForInstanceStatus } from '../support/fixtures';

const databaseOf = (instanceId: string) => `odoo_${instanceId.replace(/-/g, '')}`;

interface AuditEntry {
  action: string;
  actor: { id: string } | null;
  targetType: string;
  targetId: string;
  ip: string | null;
  source: string;
  at: string;
}

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

  /** The password of an instance's database role, as its container got it (PASSWORD_FILE). */
  const databasePasswordOf = async (instanceId: string) => {
    const [container] = await listEnvContainers(stack.layout.shared.SAAS_ENV ?? '', { 'saas.instance': instanceId, 'saas.role': 'odoo' });
    return instanceDatabasePassword(container!.Id);
  };
  const auditOf = async (tenantId: string) =>
    dataOf(
      await run<{ tenant: { auditLog: { edges: Array<{ node: AuditEntry }> } } }>(
        'query($id: ID!) { tenant(id: $id) { auditLog(first: 50) { edges { node { action actor { id } targetType targetId ip source at } } } } }',
        { id: tenantId },
      ),
    ).tenant.auditLog.edges.map((edge) => edge.node);

  it('creates an instance: PENDING at once, then RUNNING with its own container, database and role', async () => {
    // A neighbour in another tenant: its database role must not get into this instance's database.
    const neighbourTenant = await createTenant(stack.gatewayUrl, owner, 'Neighbour');
    const neighbourId = dataOf(await createInstance(stack.gatewayUrl, owner, { tenantId: neighbourTenant.id })).createInstance.instance.id;
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
    const databaseName = databaseOf(instanceId);
    expect(await odooDatabaseExists(databaseName)).toBe(true);
    expect(await odooRoleExists(databaseName)).toBe(true);

    // Only the instance's own role logs in to its database; the neighbour's role only to its own.
    await waitForInstanceStatus(stack.gatewayUrl, owner, neighbourId, 'RUNNING');
    const password = await databasePasswordOf(instanceId);
    const neighbourDatabase = databaseOf(neighbourId);
    const neighbourPassword = await databasePasswordOf(neighbourId);
    expect(await odooDbLoginError(databaseName, password, databaseName)).toBeNull();
    expect(await odooDbLoginError(neighbourDatabase, neighbourPassword, neighbourDatabase)).toBeNull();
    expect(await odooDbLoginError(neighbourDatabase, neighbourPassword, databaseName)).toMatch(/permission denied/);
    expect(await odooDbLoginError(databaseName, password, neighbourDatabase)).toMatch(/permission denied/);

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

    // Data changed after the backup is reverted by the restore.
    const logins = async () => (await queryOdooDb<{ login: string }>('select login from res_users order by login', [], databaseName)).map((row) => row.login);
    const backedUp = await logins();
    expect(backedUp).toContain('admin');
    await queryOdooDb("update res_users set login = 'changed-after-backup' where login = 'admin'", [], databaseName);
    expect(await logins()).toContain('changed-after-backup');

    expect(await command('restoreInstance(id: $id, backupId: $backupId)', { id: instanceId, backupId: backup?.id })).toMatchObject({ type: 'RESTORE' });
    await waitForInstanceStatus(stack.gatewayUrl, owner, instanceId, 'RUNNING');
    expect(await logins()).toEqual(backedUp);
    // The database was re-created: still only its own role gets in.
    expect(await odooDbLoginError(databaseName, password, databaseName)).toBeNull();
    expect(await odooDbLoginError(neighbourDatabase, neighbourPassword, databaseName)).toMatch(/permission denied/);

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

    // Every mutation is in the tenant's audit log (recorded by the tenant subgraph from events),
    // by the owner, on this instance, newest first.
    const expected = ['instance.delete', 'instance.restore', 'instance.backup', 'instance.start', 'instance.stop', 'instance.create'];
    const audited = await eventually(async () => {
      const entries = (await auditOf(tenant.id)).filter((entry) => entry.targetId === instanceId);
      return entries.length >= expected.length ? entries : undefined;
    }, 60_000, 'the audited instance mutations');
    expect(audited.map((entry) => entry.action)).toEqual(expected);
    for (const entry of audited) {
      expect(entry).toMatchObject({ actor: { id: owner.id }, targetType: 'instance', targetId: instanceId, source: 'instance' });
      expect(entry.ip).toMatch(/127\.0\.0\.1$/);
      expect(Number.isNaN(Date.parse(entry.at))).toBe(false);
    }
    // The neighbour's creation is in its own tenant's log, not in this one.
    expect((await auditOf(tenant.id)).some((entry) => entry.targetId === neighbourId)).toBe(false);
    const neighbourAudit = await eventually(async () => {
      const entries = (await auditOf(neighbourTenant.id)).filter((entry) => entry.targetId === neighbourId);
      return entries.length > 0 ? entries : undefined;
    }, 60_000, 'the audited neighbour create');
    expect(neighbourAudit.map((entry) => entry.action)).toEqual(['instance.create']);
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
