import { SmtpSink, TestStack } from '@saas/testing';
import { createTenant, signUp, type TestTenant, type TestUser } from '../support/fixtures';
import { ACCEPT, addMember, as, CHANGE_ROLE, firstError, INVITE, invitationTokenFor, LEAVE, MEMBERS, REMOVE, TRANSFER } from './support';

/** Members, invitations (real email through a local SMTP server), roles and the last-owner rule. */
describe('tenancy: invitations, roles, last owner', () => {
  let stack: TestStack;
  let sink: SmtpSink;
  let url: string;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    stack = await TestStack.start({
      services: ['auth', 'user', 'tenant', 'billing', 'instance', 'gateway'],
      serviceEnv: { tenant: { SMTP_URL: sink.url, PUBLIC_APP_URL: 'https://app.example.test' } },
    });
    url = stack.gatewayUrl;
  });

  afterAll(async () => {
    await stack?.teardown();
    await sink?.stop();
  });

  const roleOf = async (viewer: TestUser, tenant: TestTenant, userId: string) => {
    const response = await as<{ tenant: { members: Array<{ role: string; user: { id: string } }> } }>(url, viewer, MEMBERS, { id: tenant.id });
    return response.data?.tenant.members.find((m) => m.user.id === userId)?.role ?? null;
  };

  it('invites by email; only the invited address can accept, once', async () => {
    const owner = await signUp(url, 'owner');
    const invitee = await signUp(url, 'invitee');
    const stranger = await signUp(url, 'stranger');
    const tenant = await createTenant(url, owner, 'Invite Co');

    const before = sink.messages.length;
    const invited = await as<{ inviteMember: { id: string; email: string; role: string; status: string; expiresAt: string; invitedBy: { id: string } } }>(
      url,
      owner,
      INVITE,
      { tenantId: tenant.id, email: invitee.email.toUpperCase(), role: 'ADMIN' },
    );
    expect(invited.errors).toBeUndefined();
    const invitation = invited.data!.inviteMember;
    expect(invitation).toMatchObject({ role: 'ADMIN', status: 'PENDING', invitedBy: { id: owner.id } });
    const days = (Date.parse(invitation.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);

    const token = await invitationTokenFor(sink, invitee.email, before);
    const mail = sink.to(invitee.email).at(-1)!;
    expect(mail.subject).toContain('Invite Co');
    expect(mail.text).toContain(`https://app.example.test/invitations/accept?token=${token}`);

    // Pending invitations are listed for admins, never with the token.
    const listed = await as<{ tenant: { invitations: Array<{ id: string; status: string }> } }>(
      url,
      owner,
      'query($id: ID!) { tenant(id: $id) { invitations { id status email } } }',
      { id: tenant.id },
    );
    expect(listed.data?.tenant.invitations).toEqual([expect.objectContaining({ id: invitation.id, status: 'PENDING' })]);

    // Someone else holding the link cannot use it.
    expect(firstError(await as(url, stranger, ACCEPT, { token })).code).toBe('FORBIDDEN');
    expect(firstError(await as(url, null, ACCEPT, { token })).code).toBe('UNAUTHENTICATED');
    expect(firstError(await as(url, invitee, ACCEPT, { token: 'not-a-real-token' })).code).toBe('NOT_FOUND');

    const accepted = await as<{ acceptInvitation: { role: string; user: { id: string }; tenant: { id: string } } }>(url, invitee, ACCEPT, { token });
    expect(accepted.errors).toBeUndefined();
    expect(accepted.data?.acceptInvitation).toMatchObject({ role: 'ADMIN', user: { id: invitee.id }, tenant: { id: tenant.id } });
    expect(await roleOf(invitee, tenant, invitee.id)).toBe('ADMIN');

    // Single use.
    const again = await as(url, invitee, ACCEPT, { token });
    expect(firstError(again)).toMatchObject({ code: 'CONFLICT', extensions: expect.objectContaining({ invitationStatus: 'ACCEPTED' }) });

    // The new member sees the tenant in their memberships.
    const me = await as<{ me: { memberships: Array<{ role: string; tenant: { id: string } }> } }>(url, invitee, '{ me { memberships { role tenant { id } } } }');
    expect(me.data?.me.memberships).toEqual([{ role: 'ADMIN', tenant: { id: tenant.id } }]);
  });

  it('revokes an invitation: its link stops working', async () => {
    const owner = await signUp(url, 'owner');
    const invitee = await signUp(url, 'invitee');
    const tenant = await createTenant(url, owner);
    const before = sink.messages.length;
    const invited = await as<{ inviteMember: { id: string } }>(url, owner, INVITE, { tenantId: tenant.id, email: invitee.email, role: 'MEMBER' });
    const token = await invitationTokenFor(sink, invitee.email, before);
    const revoked = await as<{ revokeInvitation: { status: string } }>(
      url,
      owner,
      'mutation($id: ID!) { revokeInvitation(invitationId: $id) { status } }',
      { id: invited.data!.inviteMember.id },
    );
    expect(revoked.data?.revokeInvitation.status).toBe('REVOKED');
    expect(firstError(await as(url, invitee, ACCEPT, { token }))).toMatchObject({ code: 'CONFLICT', extensions: expect.objectContaining({ invitationStatus: 'REVOKED' }) });
    const unknown = await as(url, owner, 'mutation { revokeInvitation(invitationId: "00000000-0000-4000-8000-000000000000") { id } }');
    expect(firstError(unknown).code).toBe('NOT_FOUND');
    const malformed = await as(url, owner, 'mutation { revokeInvitation(invitationId: "not-an-id") { id } }');
    expect(firstError(malformed).code).toBe('BAD_USER_INPUT');
  });

  it('enforces who may invite and change roles', async () => {
    const owner = await signUp(url, 'owner');
    const admin = await signUp(url, 'admin');
    const member = await signUp(url, 'member');
    const tenant = await createTenant(url, owner);
    await addMember(url, sink, owner, tenant.id, admin, 'ADMIN');
    await addMember(url, sink, admin, tenant.id, member, 'MEMBER');

    // A MEMBER may not invite; an ADMIN may not invite an OWNER.
    const byMember = await as(url, member, INVITE, { tenantId: tenant.id, email: 'x@example.test', role: 'MEMBER' });
    expect(firstError(byMember)).toMatchObject({ code: 'FORBIDDEN', extensions: expect.objectContaining({ requiredRole: 'ADMIN' }) });
    const ownerByAdmin = await as(url, admin, INVITE, { tenantId: tenant.id, email: 'x@example.test', role: 'OWNER' });
    expect(firstError(ownerByAdmin)).toMatchObject({ code: 'FORBIDDEN', extensions: expect.objectContaining({ requiredRole: 'OWNER' }) });
    const badEmail = await as(url, owner, INVITE, { tenantId: tenant.id, email: 'not-an-email', role: 'MEMBER' });
    expect(firstError(badEmail)).toMatchObject({ code: 'BAD_USER_INPUT', extensions: expect.objectContaining({ field: 'email' }) });

    // An ADMIN manages roles below OWNER, but cannot grant OWNER or touch an OWNER.
    const promoted = await as(url, admin, CHANGE_ROLE, { tenantId: tenant.id, userId: member.id, role: 'ADMIN' });
    expect(promoted.data).toEqual({ changeMemberRole: { role: 'ADMIN', user: { id: member.id } } });
    await as(url, admin, CHANGE_ROLE, { tenantId: tenant.id, userId: member.id, role: 'MEMBER' });
    expect(firstError(await as(url, admin, CHANGE_ROLE, { tenantId: tenant.id, userId: member.id, role: 'OWNER' })).code).toBe('FORBIDDEN');
    expect(firstError(await as(url, admin, CHANGE_ROLE, { tenantId: tenant.id, userId: owner.id, role: 'MEMBER' })).code).toBe('FORBIDDEN');
    expect(firstError(await as(url, member, CHANGE_ROLE, { tenantId: tenant.id, userId: admin.id, role: 'MEMBER' })).extensions).toMatchObject({
      code: 'FORBIDDEN',
      requiredRole: 'ADMIN',
    });

    // Unknown ids: the tenant one is FORBIDDEN (existence does not leak), the member one NOT_FOUND.
    const ghostTenant = await as(url, owner, CHANGE_ROLE, { tenantId: '00000000-0000-4000-8000-000000000000', userId: member.id, role: 'ADMIN' });
    expect(firstError(ghostTenant).code).toBe('FORBIDDEN');
    const ghostUser = await as(url, owner, CHANGE_ROLE, { tenantId: tenant.id, userId: '00000000-0000-4000-8000-000000000000', role: 'ADMIN' });
    expect(firstError(ghostUser).code).toBe('NOT_FOUND');
    expect(firstError(await as(url, owner, MEMBERS, { id: 'not-a-uuid' })).code).toBe('FORBIDDEN');
  });

  it('keeps at least one OWNER, even under concurrent demotions', async () => {
    const first = await signUp(url, 'owner1');
    const second = await signUp(url, 'owner2');
    const tenant = await createTenant(url, first);

    // Alone: the owner can neither demote nor remove themselves, nor leave.
    expect(firstError(await as(url, first, CHANGE_ROLE, { tenantId: tenant.id, userId: first.id, role: 'ADMIN' }))).toMatchObject({
      code: 'CONFLICT',
      extensions: expect.objectContaining({ reason: 'LAST_OWNER' }),
    });
    expect(firstError(await as(url, first, REMOVE, { tenantId: tenant.id, userId: first.id })).code).toBe('CONFLICT');
    expect(firstError(await as(url, first, LEAVE, { tenantId: tenant.id })).code).toBe('CONFLICT');

    await addMember(url, sink, first, tenant.id, second, 'OWNER');
    // Both owners demote each other at the same moment: the tenant row lock lets one win.
    const results = await Promise.all([
      as(url, first, CHANGE_ROLE, { tenantId: tenant.id, userId: second.id, role: 'ADMIN' }),
      as(url, second, CHANGE_ROLE, { tenantId: tenant.id, userId: first.id, role: 'ADMIN' }),
    ]);
    const succeeded = results.filter((r) => !r.errors).length;
    expect(succeeded).toBeGreaterThanOrEqual(1);
    const members = await as<{ tenant: { members: Array<{ role: string }> } }>(url, first, MEMBERS, { id: tenant.id });
    const viewer = members.data?.tenant ? members : await as<{ tenant: { members: Array<{ role: string }> } }>(url, second, MEMBERS, { id: tenant.id });
    expect(viewer.data?.tenant.members.filter((m) => m.role === 'OWNER')).toHaveLength(1);
  });

  it('transfers ownership and lets members leave', async () => {
    const owner = await signUp(url, 'owner');
    const heir = await signUp(url, 'heir');
    const tenant = await createTenant(url, owner);
    await addMember(url, sink, owner, tenant.id, heir, 'MEMBER');

    expect(firstError(await as(url, heir, TRANSFER, { tenantId: tenant.id, userId: heir.id })).code).toBe('FORBIDDEN');
    expect(firstError(await as(url, owner, TRANSFER, { tenantId: tenant.id, userId: owner.id })).code).toBe('BAD_USER_INPUT');
    const transferred = await as(url, owner, TRANSFER, { tenantId: tenant.id, userId: heir.id });
    expect(transferred.data).toEqual({ transferOwnership: { role: 'OWNER', user: { id: heir.id } } });
    expect(await roleOf(heir, tenant, owner.id)).toBe('ADMIN');

    // The former owner (now ADMIN) leaves; the heir, now the only OWNER, cannot.
    expect(dataOk(await as(url, owner, LEAVE, { tenantId: tenant.id }))).toEqual({ leaveTenant: true });
    expect(firstError(await as(url, owner, MEMBERS, { id: tenant.id })).code).toBe('FORBIDDEN');
    expect(firstError(await as(url, heir, LEAVE, { tenantId: tenant.id })).code).toBe('CONFLICT');
  });

  it('refuses a removed member within one second, everywhere (measured)', async () => {
    const owner = await signUp(url, 'owner');
    const member = await signUp(url, 'member');
    const tenant = await createTenant(url, owner);
    await addMember(url, sink, owner, tenant.id, member, 'MEMBER');

    // Warm the membership cache of another subgraph (instance) by using it as the member.
    const instanceUrl = stack.url('instance', '/graphql');
    const INSTANCES = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Tenant { instances { totalCount } } } }';
    const representations = { r: [{ __typename: 'Tenant', id: tenant.id }] };
    const warm = await as(instanceUrl, member, INSTANCES, representations);
    expect(warm.errors).toBeUndefined();
    expect(dataOk(await as(url, member, MEMBERS, { id: tenant.id }))).toBeTruthy();

    const removed = await as(url, owner, REMOVE, { tenantId: tenant.id, userId: member.id });
    const removedAt = Date.now();
    expect(removed.data).toEqual({ removeMember: true });

    // Immediately, through the gateway and directly against the cached subgraph.
    expect(firstError(await as(url, member, MEMBERS, { id: tenant.id })).code).toBe('FORBIDDEN');
    let refusedAt: number | undefined;
    while (Date.now() - removedAt < 5_000) {
      const response = await as(instanceUrl, member, INSTANCES, representations);
      if (firstError(response).code === 'FORBIDDEN') {
        refusedAt = Date.now();
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(refusedAt).toBeDefined();
    const delay = (refusedAt ?? Infinity) - removedAt;
    console.log(`removed member refused by the instance subgraph after ${delay} ms`);
    expect(delay).toBeLessThan(1_000);
  });
});

function dataOk<T>(response: { data?: T | null; errors?: unknown[] }): T | null | undefined {
  if (response.errors) throw new Error(JSON.stringify(response.errors));
  return response.data;
}
