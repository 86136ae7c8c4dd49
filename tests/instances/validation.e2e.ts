import { randomUUID } from 'node:crypto';
import { dataOf, errorCodes, graphql, SmtpSink, TestStack } from '@saas/testing';
import { addMember } from '../tenancy/support';
import { createInstance, createTenant, signUp, type TestTenant, type TestUser, waitForInstanceStatus } from '../support/fixtures';

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
    ['a subdomain that is not a DNS label', { subdomain: 'Not_A_Label' }, 'input.subdomain'],
    ['a subdomain ending with a hyphen', { subdomain: 'shop-' }, 'input.subdomain'],
    ['a subdomain longer than 63 characters', { subdomain: 'a'.repeat(64) }, 'input.subdomain'],
    ['a reserved subdomain', { subdomain: 'admin' }, 'input.subdomain'],
    ['an unsupported Odoo version', { odooVersion: '9.0' }, 'input.odooVersion'],
    ['a malformed module name', { modules: ['Sale Management'] }, 'input.modules'],
    ['a blank name', { name: '   ' }, 'input.name'],
  ])('createInstance with %s is BAD_USER_INPUT naming the field', async (_case, input, field) => {
    const response = await createInstance(stack.gatewayUrl, owner, { tenantId: tenant.id, ...input });
    expect(errorCodes(response)).toEqual(['BAD_USER_INPUT']);
    expect(response.errors?.[0]?.extensions?.field).toBe(field);
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

  it('restoreInstance refuses an unknown or malformed backup id, and a non-member', async () => {
    const mutation = 'mutation($id: ID!, $backupId: ID!) { restoreInstance(id: $id, backupId: $backupId) { id } }';
    expect(errorCodes(await mutate(owner, mutation, { id: runningId, backupId: randomUUID() }))).toEqual(['NOT_FOUND']);
    expect(errorCodes(await mutate(owner, mutation, { id: runningId, backupId: 'x' }))).toEqual(['BAD_USER_INPUT']);
    expect(errorCodes(await mutate(outsider, mutation, { id: runningId, backupId: randomUUID() }))).toEqual(['FORBIDDEN']);
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
