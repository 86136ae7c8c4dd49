import { randomUUID } from 'node:crypto';
import { dataOf, errorCodes, graphql, queryDatabase, SmtpSink, TestStack } from '@saas/testing';
import { addMember } from '../tenancy/support';
import { createInstance, createTenant, signUp, type TestTenant, type TestUser, waitForInstanceStatus } from '../support/fixtures';

const RESTORE = 'mutation($id: ID!, $backupId: ID!) { restoreInstance(id: $id, backupId: $backupId) { id } }';

describe('instance mutations refuse bad input with clear codes', () => {
  let stack: TestStack;
  let owner: TestUser;
  let outsider: TestUser;
  let member: TestUser;
  let sink: SmtpSink;
  let tenant: TestTenant;
  let runningId: string;

  const mutate = (user: TestUser, mutation: string, variables: Record<string, unknown>) =>
    graphql(stack.gatewayUrl, mutation, variables, { token: user.accessToken });

  beforeAll(async () => {
    sink = await SmtpSink.start();
    stack = await TestStack.start({ serviceEnv: { tenant: { SMTP_URL: sink.url } } });
    owner = await signUp(stack.gatewayUrl, 'owner');
    outsider = await signUp(stack.gatewayUrl, 'outsider');
    member = await signUp(stack.gatewayUrl, 'member');
    tenant = await createTenant(stack.gatewayUrl, owner);
    await addMember(stack.gatewayUrl, sink, owner, tenant.id, member, 'MEMBER');
    await createTenant(stack.gatewayUrl, outsider, 'Outsider Inc');
    const created = dataOf(await createInstance(stack.gatewayUrl, owner, { tenantId: tenant.id, subdomain: `taken-${Date.now().toString(36)}` }));
    runningId = created.createInstance.instance.id;
    await waitForInstanceStatus(stack.gatewayUrl, owner, runningId, 'RUNNING');
  });

  afterAll(async () => {
    await stack?.teardown();
    await sink?.stop();
  });

  it.each([
    ['a subdomain that is not a DNS label', { subdomain: 'Not_A_Label' }, 'input.subdomain', /must be lower-case/],
    ['a subdomain ending with a hyphen', { subdomain: 'shop-' }, 'input.subdomain', /must start and end with a letter or a digit/],
    ['a subdomain longer than 63 characters', { subdomain: 'a'.repeat(64) }, 'input.subdomain', /at most 63 characters \(a DNS label\)/],
    ['a reserved subdomain', { subdomain: 'admin' }, 'input.subdomain', /"admin" is reserved/],
    ['a reserved mail-autoconfiguration subdomain', { subdomain: 'autodiscover' }, 'input.subdomain', /"autodiscover" is reserved/],
    ['a punycode subdomain', { subdomain: 'xn--80ak6aa92e' }, 'input.subdomain', /third and fourth positions \(xn-- is punycode\)/],
    ['a name of zero-width spaces', { name: '\u200B\u200B' }, 'input.name', /at least one visible character/],
    ['a name with a right-to-left override', { name: 'Shop \u202Egnp.exe' }, 'input.name', /text-direction control characters/],
    ['an unsupported Odoo version', { odooVersion: '9.0' }, 'input.odooVersion', /"9.0" is not supported/],
    ['a malformed module name', { modules: ['Sale Management'] }, 'input.modules', /"Sale Management" is not a technical module name/],
    ['more modules than allowed', { modules: Array.from({ length: 51 }, (_, i) => `module_${i}`) }, 'input.modules', /At most 50 modules/],
    ['a blank name', { name: '   ' }, 'input.name', /not blank/],
    ['an idempotency key with a space', { idempotencyKey: 'my key' }, 'input.idempotencyKey', /printable ASCII characters without spaces/],
    ['an idempotency key longer than 200 characters', { idempotencyKey: 'k'.repeat(201) }, 'input.idempotencyKey', /1 to 200/],
    ['an empty idempotency key', { idempotencyKey: '' }, 'input.idempotencyKey', /1 to 200/],
  ])('createInstance with %s is BAD_USER_INPUT naming the field and the reason', async (_case, input, field, reason) => {
    const response = await createInstance(stack.gatewayUrl, owner, { tenantId: tenant.id, ...input });
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors?.[0]?.extensions?.field).toBe(field);
    expect(response.errors?.[0]?.message).toMatch(reason);
  });

  it('refuses a malformed tenant id with the same FORBIDDEN as any tenant the caller is not in', async () => {
    expect(errorCodes(await createInstance(stack.gatewayUrl, owner, { tenantId: 'not-a-uuid' }))).toEqual(['FORBIDDEN']);
  });

  it('refuses a subdomain already in use with CONFLICT', async () => {
    const { instance } = dataOf(await graphql<{ instance: { subdomain: string } }>(stack.gatewayUrl, 'query($id: ID!) { instance(id: $id) { subdomain } }', { id: runningId }, { token: owner.accessToken }));
    const other = await createTenant(stack.gatewayUrl, owner, 'Second');
    const response = await createInstance(stack.gatewayUrl, owner, { tenantId: other.id, subdomain: instance.subdomain });
    expect(errorCodes(response)).toEqual(['CONFLICT']);
  });

  it('refuses a create over the plan limit with QUOTA_EXCEEDED naming the limit', async () => {
    const response = await createInstance(stack.gatewayUrl, owner, { tenantId: tenant.id });
    expect(errorCodes(response)).toEqual(['QUOTA_EXCEEDED']);
    expect(response.errors?.[0]?.extensions).toMatchObject({ limit: 'maxInstances', value: 1 });
  });

  it('holds the quota when creates of one tenant race each other', async () => {
    const racing = await createTenant(stack.gatewayUrl, owner, 'Race');
    const responses = await Promise.all(Array.from({ length: 6 }, () => createInstance(stack.gatewayUrl, owner, { tenantId: racing.id })));
    const codes = responses.map((response) => (response.errors ? errorCodes(response)[0] : 'OK'));
    expect(codes.filter((code) => code === 'OK')).toHaveLength(1);
    expect(codes.filter((code) => code === 'QUOTA_EXCEEDED')).toHaveLength(5);
  });

  it('refuses an operation not allowed in the current state with CONFLICT naming the state', async () => {
    const response = await mutate(owner, 'mutation($id: ID!) { startInstance(id: $id) { id } }', { id: runningId });
    expect(errorCodes(response)).toEqual(['CONFLICT']);
    expect(response.errors?.[0]?.message).toMatch(/RUNNING/);
    expect(response.errors?.[0]?.extensions?.status).toBe('RUNNING');
  });

  it('allows one operation at a time per instance', async () => {
    const first = await mutate(owner, 'mutation($id: ID!) { restartInstance(id: $id) { id } }', { id: runningId });
    expect(first.errors).toBeUndefined();
    const second = await mutate(owner, 'mutation($id: ID!) { backupInstance(id: $id) { id } }', { id: runningId });
    expect(errorCodes(second)).toEqual(['CONFLICT']);
    expect(second.errors?.[0]?.message).toMatch(/one operation at a time/);
    await waitForInstanceStatus(stack.gatewayUrl, owner, runningId, 'RUNNING');
  });

  it.each(['startInstance', 'stopInstance', 'restartInstance', 'deleteInstance', 'backupInstance'])(
    '%s: unknown id is NOT_FOUND, malformed id BAD_USER_INPUT, a non-member FORBIDDEN',
    async (field) => {
      const mutation = `mutation($id: ID!) { ${field}(id: $id) { id } }`;
      expect(errorCodes(await mutate(owner, mutation, { id: randomUUID() }))).toEqual(['NOT_FOUND']);
      expect(errorCodes(await mutate(owner, mutation, { id: 'nope' }))).toEqual(['BAD_USER_INPUT']);
      expect(errorCodes(await mutate(outsider, mutation, { id: runningId }))).toEqual(['FORBIDDEN']);
    },
  );

  it('restoreInstance refuses an unknown or malformed instance or backup id, and a non-member', async () => {
    const unknownInstance = await mutate(owner, RESTORE, { id: randomUUID(), backupId: randomUUID() });
    expect(errorCodes(unknownInstance)).toEqual(['NOT_FOUND']);
    expect(unknownInstance.errors?.[0]?.message).toMatch(/Instance not found/);
    const malformedInstance = await mutate(owner, RESTORE, { id: 'nope', backupId: randomUUID() });
    expect(errorCodes(malformedInstance)).toEqual(['BAD_USER_INPUT']);
    expect(malformedInstance.errors?.[0]?.extensions?.field).toBe('id');
    const unknownBackup = await mutate(owner, RESTORE, { id: runningId, backupId: randomUUID() });
    expect(errorCodes(unknownBackup)).toEqual(['NOT_FOUND']);
    expect(unknownBackup.errors?.[0]?.message).toMatch(/Backup not found/);
    const malformedBackup = await mutate(owner, RESTORE, { id: runningId, backupId: 'x' });
    expect(errorCodes(malformedBackup)).toEqual(['BAD_USER_INPUT']);
    expect(malformedBackup.errors?.[0]?.extensions?.field).toBe('backupId');
    expect(errorCodes(await mutate(outsider, RESTORE, { id: runningId, backupId: randomUUID() }))).toEqual(['FORBIDDEN']);
  });

  describe('with a second instance, backed up, then STOPPED, then DELETED', () => {
    let otherId: string;
    let otherBackupId: string;

    beforeAll(async () => {
      const neighbour = await createTenant(stack.gatewayUrl, owner, 'Neighbour');
      otherId = dataOf(await createInstance(stack.gatewayUrl, owner, { tenantId: neighbour.id })).createInstance.instance.id;
      await waitForInstanceStatus(stack.gatewayUrl, owner, otherId, 'RUNNING');
      expect((await mutate(owner, 'mutation($id: ID!) { backupInstance(id: $id) { id } }', { id: otherId })).errors).toBeUndefined();
      await waitForInstanceStatus(stack.gatewayUrl, owner, otherId, 'RUNNING');
      const { instance } = dataOf(
        await graphql<{ instance: { backups: Array<{ id: string; status: string }> } }>(
          stack.gatewayUrl,
          'query($id: ID!) { instance(id: $id) { backups { id status } } }',
          { id: otherId },
          { token: owner.accessToken },
        ),
      );
      expect(instance.backups).toEqual([{ id: expect.any(String), status: 'COMPLETED' }]);
      otherBackupId = instance.backups[0]!.id;
      expect((await mutate(owner, 'mutation($id: ID!) { stopInstance(id: $id) { id } }', { id: otherId })).errors).toBeUndefined();
      await waitForInstanceStatus(stack.gatewayUrl, owner, otherId, 'STOPPED');
    });

    it('restoreInstance refuses a backup of another instance as NOT_FOUND (even of the same owner)', async () => {
      const response = await mutate(owner, RESTORE, { id: runningId, backupId: otherBackupId });
      expect(errorCodes(response)).toEqual(['NOT_FOUND']);
      expect(response.errors?.[0]?.message).toMatch(/Backup not found/);
      expect(response.errors?.[0]?.extensions).toMatchObject({ entity: 'Backup', id: otherBackupId });
    });

    it('restoreInstance refuses a backup that is not COMPLETED with CONFLICT naming its status', async () => {
      // A backup whose operation failed, recorded as the event applier records one.
      const [create] = await queryDatabase<{ id: string; tenant_id: string }>(
        stack.databaseUrls.instance!,
        "select id, tenant_id from instance_operations where instance_id = $1 and type = 'CREATE'",
        [runningId],
      );
      const failedId = randomUUID();
      await queryDatabase(
        stack.databaseUrls.instance!,
        "insert into backups (id, instance_id, tenant_id, operation_id, status, created_at) values ($1, $2, $3, $4, 'FAILED', now())",
        [failedId, runningId, create!.tenant_id, create!.id],
      );
      const response = await mutate(owner, RESTORE, { id: runningId, backupId: failedId });
      expect(errorCodes(response)).toEqual(['CONFLICT']);
      expect(response.errors?.[0]?.message).toMatch(/Backup is FAILED; only a COMPLETED backup can be restored/);
    });

    it('stopInstance of a STOPPED instance is CONFLICT naming the state', async () => {
      const response = await mutate(owner, 'mutation($id: ID!) { stopInstance(id: $id) { id } }', { id: otherId });
      expect(errorCodes(response)).toEqual(['CONFLICT']);
      expect(response.errors?.[0]?.message).toMatch(/Cannot stop an instance that is STOPPED/);
      expect(response.errors?.[0]?.extensions).toMatchObject({ status: 'STOPPED', operation: 'STOP' });
    });

    it('backupInstance and restoreInstance of a DELETED instance are CONFLICT naming the state', async () => {
      expect((await mutate(owner, 'mutation($id: ID!) { deleteInstance(id: $id) { id } }', { id: otherId })).errors).toBeUndefined();
      await waitForInstanceStatus(stack.gatewayUrl, owner, otherId, 'DELETED');
      for (const response of [
        await mutate(owner, 'mutation($id: ID!) { backupInstance(id: $id) { id } }', { id: otherId }),
        await mutate(owner, RESTORE, { id: otherId, backupId: otherBackupId }),
      ]) {
        expect(errorCodes(response)).toEqual(['CONFLICT']);
        expect(response.errors?.[0]?.message).toMatch(/DELETED/);
        expect(response.errors?.[0]?.extensions?.status).toBe('DELETED');
      }
    });
  });

  it('refuses anonymous callers, members below ADMIN and non-members', async () => {
    const anonymous = await graphql(stack.gatewayUrl, 'mutation($id: ID!) { stopInstance(id: $id) { id } }', { id: runningId });
    expect(errorCodes(anonymous)).toEqual(['UNAUTHENTICATED']);
    const byMember = await mutate(member, 'mutation($id: ID!) { stopInstance(id: $id) { id } }', { id: runningId });
    expect(errorCodes(byMember)).toEqual(['FORBIDDEN']);
    expect(byMember.errors?.[0]?.extensions?.requiredRole).toBe('ADMIN');
    const seenByMember = await graphql(stack.gatewayUrl, 'query($id: ID!) { instance(id: $id) { id status } }', { id: runningId }, { token: member.accessToken });
    expect(dataOf(seenByMember)).toEqual({ instance: { id: runningId, status: 'RUNNING' } });
    const foreign = await createInstance(stack.gatewayUrl, outsider, { tenantId: tenant.id });
    expect(errorCodes(foreign)).toEqual(['FORBIDDEN']);
    const read = await graphql(stack.gatewayUrl, 'query($id: ID!) { instance(id: $id) { id } }', { id: runningId }, { token: outsider.accessToken });
    expect(errorCodes(read)).toEqual(['FORBIDDEN']);
  });
});
