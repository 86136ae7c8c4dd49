import { SmtpSink, TestStack } from '@saas/testing';
import { createInstance, createTenant, eventually, signUp, type TestUser } from '../support/fixtures';
import { addMember } from '../tenancy/support';
import {
  ARCHIVE_PLAN,
  as,
  BILLING,
  type BillingView,
  CANCEL,
  CREATE_PLAN,
  firstError,
  INVOICES,
  MARK_PAID,
  planInput,
  staffUser,
  SUBSCRIBE,
  UPDATE_PLAN,
  USAGE,
  VOID,
} from './support';

/** Plans (public, staff-managed), subscriptions and every refusal; no worker: instances stay PENDING. */
describe('billing: plans, subscriptions and bad input', () => {
  let stack: TestStack;
  let sink: SmtpSink;
  let staff: TestUser;
  let owner: TestUser;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    stack = await TestStack.start({
      services: ['auth', 'user', 'tenant', 'billing', 'instance', 'gateway'],
      serviceEnv: { tenant: { SMTP_URL: sink.url, PUBLIC_APP_URL: 'https://app.example.test' } },
    });
    staff = await staffUser(stack);
    owner = await signUp(stack.gatewayUrl, 'owner');
  });

  afterAll(async () => {
    await stack?.teardown();
    await sink?.stop();
  });

  const billing = async (user: TestUser, tenantId: string) => (await as<BillingView>(stack, user, BILLING, { id: tenantId })).data?.tenant;

  it('lists the seeded plans publicly, cheapest first', async () => {
    const response = await as<{ plans: Array<{ code: string; priceCents: number; currency: string; maxInstances: number }> }>(
      stack,
      null,
      '{ plans { code priceCents currency maxInstances } }',
    );
    expect(response.data?.plans.slice(0, 3)).toEqual([
      { code: 'trial', priceCents: 0, currency: 'EUR', maxInstances: 1 },
      { code: 'starter', priceCents: 2900, currency: 'EUR', maxInstances: 3 },
      { code: 'business', priceCents: 9900, currency: 'EUR', maxInstances: 10 },
    ]);
  });

  it('starts a new tenant on a trial with an end date', async () => {
    const tenant = await createTenant(stack.gatewayUrl, owner);
    const view = await billing(owner, tenant.id);
    expect(view?.subscription).toMatchObject({ status: 'TRIALING', plan: { code: 'trial' }, canceledAt: null, suspendedAt: null });
    const trialDays = (Date.parse(view?.subscription.trialEndsAt ?? '') - Date.parse(view?.subscription.planStartedAt ?? '')) / 86_400_000;
    expect(trialDays).toBe(14);
    expect(view?.entitlements).toMatchObject({ planCode: 'trial', maxInstances: 1, canCreateInstances: true });
  });

  it('lets only staff manage plans, and validates them', async () => {
    const input = planInput();
    for (const mutation of [CREATE_PLAN, UPDATE_PLAN]) {
      expect(firstError(await as(stack, owner, mutation, { input })).code).toBe('FORBIDDEN');
      expect(firstError(await as(stack, null, mutation, { input })).code).toBe('UNAUTHENTICATED');
    }
    expect(firstError(await as(stack, owner, ARCHIVE_PLAN, { code: 'starter' })).code).toBe('FORBIDDEN');

    const invalid: Array<[Partial<typeof input>, string]> = [
      [{ code: 'Bad Code' }, 'input.code'],
      [{ name: '   ' }, 'input.name'],
      [{ currency: 'USD' }, 'input.currency'],
      [{ interval: 'WEEK' }, 'input.interval'],
      [{ priceCents: -1 }, 'input.priceCents'],
      [{ maxInstances: 0 }, 'input.maxInstances'],
      [{ allowedOdooVersions: [] }, 'input.allowedOdooVersions'],
      [{ allowedOdooVersions: ['17.0', '9.0'] }, 'input.allowedOdooVersions'],
      [{ stagingLifetimeDays: 0 } as Partial<typeof input>, 'input.stagingLifetimeDays'],
      [{ backupDailyKeep: -1 } as Partial<typeof input>, 'input.backupDailyKeep'],
    ];
    for (const [override, field] of invalid) {
      const refused = await as(stack, staff, CREATE_PLAN, { input: { ...input, ...override } });
      expect(firstError(refused)).toMatchObject({ code: 'BAD_USER_INPUT', extensions: expect.objectContaining({ field }) });
    }

    const created = await as<{ createPlan: { code: string; active: boolean } }>(stack, staff, CREATE_PLAN, { input });
    // Staging lifetime and backup rotation left out: the platform's defaults.
    expect(created.data?.createPlan).toMatchObject({ code: input.code, active: true, stagingLifetimeDays: 7, backupDailyKeep: 7, backupWeeklyKeep: 4, backupMonthlyKeep: 3 });
    expect(firstError(await as(stack, staff, CREATE_PLAN, { input })).code).toBe('CONFLICT');
    expect(firstError(await as(stack, staff, UPDATE_PLAN, { input: { ...input, code: 'no-such-plan' } })).code).toBe('NOT_FOUND');
    expect(firstError(await as(stack, staff, ARCHIVE_PLAN, { code: 'no-such-plan' })).code).toBe('NOT_FOUND');
    expect(firstError(await as(stack, staff, ARCHIVE_PLAN, { code: 'trial' })).code).toBe('CONFLICT');

    // A subscriber sees changed limits at once.
    const tenant = await createTenant(stack.gatewayUrl, owner);
    expect(firstError(await as(stack, owner, SUBSCRIBE, { tenantId: tenant.id, planCode: input.code })).code).toBeUndefined();
    await as(stack, staff, UPDATE_PLAN, { input: { ...input, maxInstances: 4, memoryMb: 1024, stagingLifetimeDays: 3, backupDailyKeep: 14, backupWeeklyKeep: 8, backupMonthlyKeep: 12 } });
    expect((await billing(owner, tenant.id))?.entitlements).toMatchObject({
      planCode: input.code,
      maxInstances: 4,
      stagingLifetimeDays: 3,
      backupDailyKeep: 14,
      backupWeeklyKeep: 8,
      backupMonthlyKeep: 12,
    });

    // Archived: no longer listed or offered; its subscribers keep it.
    const archived = await as<{ archivePlan: { active: boolean } }>(stack, staff, ARCHIVE_PLAN, { code: input.code });
    expect(archived.data?.archivePlan.active).toBe(false);
    const plans = await as<{ plans: Array<{ code: string }> }>(stack, null, '{ plans { code } }');
    expect(plans.data?.plans.map((plan) => plan.code)).not.toContain(input.code);
    const other = await createTenant(stack.gatewayUrl, owner);
    expect(firstError(await as(stack, owner, SUBSCRIBE, { tenantId: other.id, planCode: input.code }))).toMatchObject({ code: 'BAD_USER_INPUT', extensions: expect.objectContaining({ field: 'planCode' }) });
    expect((await billing(owner, tenant.id))?.subscription.plan.code).toBe(input.code);
  });

  it('refuses unknown plans, the trial, and other people\'s tenants; needs ADMIN to subscribe and OWNER to cancel', async () => {
    const tenant = await createTenant(stack.gatewayUrl, owner);
    expect(firstError(await as(stack, owner, SUBSCRIBE, { tenantId: tenant.id, planCode: 'platinum' }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      extensions: expect.objectContaining({ field: 'planCode' }),
    });
    expect(firstError(await as(stack, owner, SUBSCRIBE, { tenantId: tenant.id, planCode: 'trial' })).code).toBe('BAD_USER_INPUT');
    expect(firstError(await as(stack, owner, SUBSCRIBE, { tenantId: 'not-a-uuid', planCode: 'starter' })).code).toBe('FORBIDDEN');

    const stranger = await signUp(stack.gatewayUrl, 'stranger');
    for (const [query, variables] of [
      [SUBSCRIBE, { tenantId: tenant.id, planCode: 'starter' }],
      [CANCEL, { tenantId: tenant.id }],
      [BILLING, { id: tenant.id }],
      [USAGE, { id: tenant.id }],
      [INVOICES, { id: tenant.id }],
    ] as const) {
      expect(firstError(await as(stack, stranger, query, variables)).code).toBe('FORBIDDEN');
    }
    // A tenant that does not exist is refused the same way (nothing to learn from it).
    expect(firstError(await as(stack, stranger, SUBSCRIBE, { tenantId: '00000000-0000-4000-8000-000000000000', planCode: 'starter' })).code).toBe('FORBIDDEN');

    const member = await signUp(stack.gatewayUrl, 'member');
    const admin = await signUp(stack.gatewayUrl, 'admin');
    await addMember(stack.gatewayUrl, sink, owner, tenant.id, member, 'MEMBER');
    await addMember(stack.gatewayUrl, sink, owner, tenant.id, admin, 'ADMIN');
    expect(firstError(await as(stack, member, SUBSCRIBE, { tenantId: tenant.id, planCode: 'starter' }))).toMatchObject({
      code: 'FORBIDDEN',
      extensions: expect.objectContaining({ requiredRole: 'ADMIN' }),
    });
    expect(firstError(await as(stack, member, INVOICES, { id: tenant.id })).code).toBe('FORBIDDEN');
    expect((await as<BillingView>(stack, member, BILLING, { id: tenant.id })).data?.tenant.subscription.status).toBe('TRIALING');

    const subscribed = await as<{ subscribeTenant: { status: string; plan: { code: string } } }>(stack, admin, SUBSCRIBE, { tenantId: tenant.id, planCode: 'starter' });
    expect(subscribed.data?.subscribeTenant).toMatchObject({ status: 'ACTIVE', plan: { code: 'starter' } });
    expect(firstError(await as(stack, admin, CANCEL, { tenantId: tenant.id }))).toMatchObject({ code: 'FORBIDDEN', extensions: expect.objectContaining({ requiredRole: 'OWNER' }) });

    const canceled = await as<{ cancelSubscription: { status: string; canceledAt: string | null } }>(stack, owner, CANCEL, { tenantId: tenant.id });
    expect(canceled.data?.cancelSubscription).toMatchObject({ status: 'CANCELED', canceledAt: expect.any(String) });
    expect((await billing(owner, tenant.id))?.entitlements.canCreateInstances).toBe(false);
    expect(firstError(await createInstance(stack.gatewayUrl, owner, { tenantId: tenant.id }))).toMatchObject({
      code: 'QUOTA_EXCEEDED',
      extensions: expect.objectContaining({ limit: 'canCreateInstances' }),
    });
    // Subscribing again brings it back.
    const again = await as<{ subscribeTenant: { status: string } }>(stack, owner, SUBSCRIBE, { tenantId: tenant.id, planCode: 'starter' });
    expect(again.data?.subscribeTenant.status).toBe('ACTIVE');

    // Every change is in the tenant's audit log, recorded by billing.
    const log = await eventually(async () => {
      const response = await as<{ tenant: { auditLog: { edges: Array<{ node: { action: string; source: string; actor: { id: string } | null } }> } } }>(
        stack,
        owner,
        'query($id: ID!) { tenant(id: $id) { auditLog(first: 50) { edges { node { action source actor { id } } } } } }',
        { id: tenant.id },
      );
      const entries = response.data?.tenant.auditLog.edges.map((edge) => edge.node).filter((entry) => entry.source === 'billing') ?? [];
      return entries.length >= 3 ? entries : undefined;
    }, 15_000, 'billing audit entries');
    expect(log.map((entry) => entry.action).sort()).toEqual(['subscription.cancel', 'subscription.subscribe', 'subscription.subscribe']);
  });

  it('refuses a downgrade below current usage, naming the limit', async () => {
    const tenant = await createTenant(stack.gatewayUrl, owner);
    await as(stack, owner, SUBSCRIBE, { tenantId: tenant.id, planCode: 'starter' });
    for (const odooVersion of ['17.0', '17.0']) {
      const created = await createInstance(stack.gatewayUrl, owner, { tenantId: tenant.id, odooVersion });
      expect(created.errors).toBeUndefined();
    }
    const small = planInput({ name: 'Solo', maxInstances: 1, priceCents: 900 });
    const only16 = planInput({ name: 'Legacy', maxInstances: 5, allowedOdooVersions: ['16.0'] });
    await as(stack, staff, CREATE_PLAN, { input: small });
    await as(stack, staff, CREATE_PLAN, { input: only16 });

    expect(firstError(await as(stack, owner, SUBSCRIBE, { tenantId: tenant.id, planCode: small.code }))).toMatchObject({
      code: 'QUOTA_EXCEEDED',
      extensions: expect.objectContaining({ limit: 'maxInstances', value: 1 }),
    });
    expect(firstError(await as(stack, owner, SUBSCRIBE, { tenantId: tenant.id, planCode: only16.code }))).toMatchObject({
      code: 'QUOTA_EXCEEDED',
      extensions: expect.objectContaining({ limit: 'allowedOdooVersions' }),
    });
    expect((await billing(owner, tenant.id))?.subscription.plan.code).toBe('starter');
    // An upgrade that fits is fine.
    const upgraded = await as<{ subscribeTenant: { plan: { code: string } } }>(stack, owner, SUBSCRIBE, { tenantId: tenant.id, planCode: 'business' });
    expect(upgraded.data?.subscribeTenant.plan.code).toBe('business');
  });

  it('validates periods, invoice ids and staff rights on invoices', async () => {
    const tenant = await createTenant(stack.gatewayUrl, owner);
    for (const period of ['2026-13', '2026-1', 'last month', '']) {
      expect(firstError(await as(stack, owner, USAGE, { id: tenant.id, period }))).toMatchObject({
        code: 'BAD_USER_INPUT',
        extensions: expect.objectContaining({ field: 'period' }),
      });
    }
    const usage = await as<{ tenant: { usage: { period: string; instanceSeconds: number; instances: unknown[] } } }>(stack, owner, USAGE, { id: tenant.id, period: '2025-01' });
    expect(usage.data?.tenant.usage).toMatchObject({ period: '2025-01', instanceSeconds: 0, instances: [] });
    const current = await as<{ tenant: { usage: { period: string } } }>(stack, owner, USAGE, { id: tenant.id });
    expect(current.data?.tenant.usage.period).toBe(new Date().toISOString().slice(0, 7));
    expect(firstError(await as(stack, owner, INVOICES, { id: tenant.id, first: 1000 })).code).toBe('BAD_USER_INPUT');
    expect((await as<{ tenant: { invoices: { totalCount: number } } }>(stack, owner, INVOICES, { id: tenant.id })).data?.tenant.invoices.totalCount).toBe(0);

    const unknown = '00000000-0000-4000-8000-000000000000';
    expect(firstError(await as(stack, owner, MARK_PAID, { id: unknown })).code).toBe('FORBIDDEN');
    expect(firstError(await as(stack, owner, VOID, { id: unknown })).code).toBe('FORBIDDEN');
    expect(firstError(await as(stack, staff, MARK_PAID, { id: 'nope' })).code).toBe('BAD_USER_INPUT');
    expect(firstError(await as(stack, staff, MARK_PAID, { id: unknown })).code).toBe('NOT_FOUND');
  });
});
