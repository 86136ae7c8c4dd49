import { dataOf, TestStack } from '@saas/testing';
import { createInstance, createTenant, eventually, signUp, type TestTenant, type TestUser, waitForInstanceStatus } from '../support/fixtures';
import {
  as,
  BILLING,
  type BillingView,
  closePeriod,
  CREATE_PLAN,
  expectedProratedCharge,
  firstError,
  type InvoiceView,
  INVOICES,
  MARK_PAID,
  monthOf,
  planInput,
  runDunning,
  staffUser,
  SUBSCRIBE,
  USAGE,
} from './support';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

interface OperationView {
  type: string;
  status: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/**
 * The whole billing story with the real worker: trial -> subscribe -> instances up to the limit
 * -> usage metered from real lifecycle events -> invoice -> unpaid -> suspended (instances
 * STOPPED) -> paid -> resumed (instances RUNNING). Time is driven by the billing CLIs' `--now`.
 */
describe('billing lifecycle (real worker, Docker Engine, RabbitMQ)', () => {
  let stack: TestStack;
  let staff: TestUser;
  let owner: TestUser;
  let tenant: TestTenant;
  const plan = planInput({ name: 'E2E Pro', priceCents: 4900, maxInstances: 2, includedInstanceHours: 1, overageCentsPerInstanceHour: 7 });
  const instanceIds: string[] = [];
  let invoice: InvoiceView;

  beforeAll(async () => {
    stack = await TestStack.start();
    staff = await staffUser(stack);
    owner = await signUp(stack.gatewayUrl, 'owner');
    tenant = await createTenant(stack.gatewayUrl, owner, 'Billing Co');
    dataOf(await as(stack, staff, CREATE_PLAN, { input: plan }));
  });

  afterAll(async () => {
    await stack?.teardown();
  });

  const view = async () => dataOf(await as<BillingView>(stack, owner, BILLING, { id: tenant.id })).tenant;
  const operationsOf = async (id: string) =>
    dataOf(await as<{ instance: { operations: OperationView[] } }>(stack, owner, 'query($id: ID!) { instance(id: $id) { operations(first: 50) { type status startedAt finishedAt } } }', { id })).instance.operations;

  /**
   * RUNNING time of an instance up to `until`, from the instance subgraph's own operation
   * history: a CREATE or START that succeeded ended at the RUNNING change, a STOP started at
   * the change away from RUNNING. Milliseconds.
   */
  const runningMsUntil = (operations: OperationView[], until: number) => {
    let total = 0;
    let since: number | null = null;
    for (const operation of [...operations].reverse()) {
      if ((operation.type === 'CREATE' || operation.type === 'START') && operation.status === 'SUCCEEDED') since = Date.parse(operation.finishedAt ?? '');
      if (operation.type === 'STOP' && since !== null) {
        total += Date.parse(operation.startedAt ?? '') - since;
        since = null;
      }
    }
    return since === null ? total : total + (until - since);
  };

  it('starts on the trial, subscribes, and creates instances up to the plan limit', async () => {
    expect(await view()).toMatchObject({ subscription: { status: 'TRIALING', plan: { code: 'trial' } }, entitlements: { maxInstances: 1 } });
    const subscribed = dataOf(await as<{ subscribeTenant: { status: string; planStartedAt: string; plan: { code: string } } }>(stack, owner, SUBSCRIBE, { tenantId: tenant.id, planCode: plan.code }));
    expect(subscribed.subscribeTenant).toMatchObject({ status: 'ACTIVE', plan: { code: plan.code } });
    expect((await view()).entitlements).toMatchObject({ planCode: plan.code, maxInstances: 2, canCreateInstances: true });

    for (const odooVersion of ['17.0', '16.0']) {
      const created = dataOf(await createInstance(stack.gatewayUrl, owner, { tenantId: tenant.id, odooVersion })).createInstance;
      instanceIds.push(created.instance.id);
    }
    const overLimit = await createInstance(stack.gatewayUrl, owner, { tenantId: tenant.id });
    expect(firstError(overLimit)).toMatchObject({ code: 'QUOTA_EXCEEDED', extensions: expect.objectContaining({ limit: 'maxInstances', value: 2 }) });
    for (const id of instanceIds) await waitForInstanceStatus(stack.gatewayUrl, owner, id, 'RUNNING');
  });

  it('meters usage from the real lifecycle events: RUNNING time only', async () => {
    const [a] = instanceIds as [string, string];
    // A gap in A's running time: stop, then start again.
    dataOf(await as(stack, owner, 'mutation($id: ID!) { stopInstance(id: $id) { id } }', { id: a }));
    await waitForInstanceStatus(stack.gatewayUrl, owner, a, 'STOPPED');
    dataOf(await as(stack, owner, 'mutation($id: ID!) { startInstance(id: $id) { id } }', { id: a }));
    await waitForInstanceStatus(stack.gatewayUrl, owner, a, 'RUNNING');

    const period = monthOf(new Date());
    await eventually(
      async () => {
        const before = Date.now();
        const usage = dataOf(await as<{ tenant: { usage: { period: string; instanceSeconds: number; instanceHours: number; instances: Array<{ seconds: number; instance: { id: string } }> } } }>(stack, owner, USAGE, { id: tenant.id })).tenant.usage;
        const after = Date.now();
        expect(usage.period).toBe(period.key);
        expect(usage.instances.map((entry) => entry.instance.id).sort()).toEqual([...instanceIds].sort());
        for (const entry of usage.instances) {
          const operations = await operationsOf(entry.instance.id);
          // The server's "now" lies between the two clocks read around the request.
          expect(entry.seconds).toBeGreaterThanOrEqual(Math.floor(runningMsUntil(operations, before) / 1000) - 1);
          expect(entry.seconds).toBeLessThanOrEqual(Math.floor(runningMsUntil(operations, after) / 1000) + 1);
        }
        expect(usage.instanceSeconds).toBe(usage.instances.reduce((sum, entry) => sum + entry.seconds, 0));
        expect(usage.instanceHours).toBe(Math.ceil(usage.instanceSeconds / 3600));
        return true;
      },
      30_000,
      'usage metered from the status events',
    );
  });

  it('closes the period into one invoice with the right amounts (and only one, however often it runs)', async () => {
    const period = monthOf(new Date());
    const asOf = new Date(period.end.getTime() + HOUR_MS).toISOString();
    expect(await closePeriod(stack, [period.key, '--now', asOf])).toMatch(new RegExp(`period ${period.key}: 1 invoice\\(s\\) issued`));
    expect(await closePeriod(stack, [period.key, '--now', asOf])).toMatch(/: 0 invoice\(s\) issued/);
    // A period that has not ended cannot be closed.
    await expect(closePeriod(stack, [period.key])).rejects.toThrow(/has not ended/);

    const invoices = dataOf(await as<{ tenant: { invoices: { totalCount: number; edges: Array<{ node: InvoiceView }> } } }>(stack, owner, INVOICES, { id: tenant.id })).tenant.invoices;
    expect(invoices.totalCount).toBe(1);
    invoice = invoices.edges[0]!.node;
    expect(invoice).toMatchObject({
      status: 'OPEN',
      currency: 'EUR',
      paymentProvider: 'manual',
      periodStart: period.start.toISOString(),
      periodEnd: period.end.toISOString(),
      issuedAt: asOf,
      dueAt: new Date(Date.parse(asOf) + 14 * DAY_MS).toISOString(),
      paidAt: null,
    });
    expect(invoice.number).toMatch(new RegExp(`^INV-${period.key.slice(0, 4)}-\\d{6}$`));

    // Expected amounts, from public facts: when the plan started, and when each instance ran.
    const { subscription } = await view();
    const planCharge = expectedProratedCharge(plan.priceCents, new Date(subscription.planStartedAt), period.start, period.end);
    let seconds = 0;
    for (const id of instanceIds) seconds += Math.floor(runningMsUntil(await operationsOf(id), period.end.getTime()) / 1000);
    const beyond = Math.ceil(seconds / 3600) - plan.includedInstanceHours;
    expect(invoice.lines).toEqual([
      expect.objectContaining({ kind: 'PRORATION', description: expect.stringContaining('Trial plan'), quantity: 1, amountCents: 0 }),
      expect.objectContaining({ kind: 'PRORATION', description: expect.stringContaining('E2E Pro plan'), quantity: 1, unitAmountCents: planCharge, amountCents: planCharge }),
      expect.objectContaining({ kind: 'USAGE', quantity: beyond, unitAmountCents: 7, amountCents: beyond * 7 }),
    ]);
    expect(invoice.totalCents).toBe(planCharge + beyond * 7);
    expect(invoice.lines.every((line) => Number.isInteger(line.amountCents) && line.amountCents === line.quantity * line.unitAmountCents)).toBe(true);
  });

  it('makes the subscription PAST_DUE after the due date and suspends the tenant after the grace period', async () => {
    const dueAt = Date.parse(invoice.dueAt ?? '');
    expect(await runDunning(stack, ['--now', new Date(dueAt + HOUR_MS).toISOString()])).toBe('1 subscription(s) now past due, 0 tenant(s) suspended');
    expect(await view()).toMatchObject({ status: 'ACTIVE', subscription: { status: 'PAST_DUE', suspendedAt: null } });

    const afterGrace = new Date(dueAt + 7 * DAY_MS + HOUR_MS).toISOString();
    expect(await runDunning(stack, ['--now', afterGrace])).toBe('0 subscription(s) now past due, 1 tenant(s) suspended');
    expect(await runDunning(stack, ['--now', afterGrace])).toBe('0 subscription(s) now past due, 0 tenant(s) suspended');
    expect((await view()).subscription).toMatchObject({ status: 'PAST_DUE', suspendedAt: afterGrace });
    expect((await view()).entitlements.canCreateInstances).toBe(false);

    await eventually(async () => ((await view()).status === 'SUSPENDED' ? true : undefined), 30_000, 'the tenant to be SUSPENDED');
    for (const id of instanceIds) await waitForInstanceStatus(stack.gatewayUrl, owner, id, 'STOPPED');
    // New instances are refused while suspended.
    expect(firstError(await createInstance(stack.gatewayUrl, owner, { tenantId: tenant.id })).code).toBe('FORBIDDEN');
  });

  it('resumes the tenant when the invoice is paid: its instances run again', async () => {
    expect(firstError(await as(stack, owner, MARK_PAID, { id: invoice.id })).code).toBe('FORBIDDEN');
    const paid = dataOf(await as<{ markInvoicePaid: InvoiceView }>(stack, staff, MARK_PAID, { id: invoice.id })).markInvoicePaid;
    expect(paid).toMatchObject({ status: 'PAID', paidAt: expect.any(String), totalCents: invoice.totalCents });
    expect((await view()).subscription).toMatchObject({ status: 'ACTIVE', suspendedAt: null });

    await eventually(async () => ((await view()).status === 'ACTIVE' ? true : undefined), 30_000, 'the tenant to be ACTIVE');
    for (const id of instanceIds) await waitForInstanceStatus(stack.gatewayUrl, owner, id, 'RUNNING');
    expect((await view()).entitlements.canCreateInstances).toBe(true);

    // Paying again changes nothing; later dunning runs do not suspend a paid tenant.
    expect(dataOf(await as<{ markInvoicePaid: InvoiceView }>(stack, staff, MARK_PAID, { id: invoice.id })).markInvoicePaid.paidAt).toBe(paid.paidAt);
    const muchLater = new Date(Date.parse(invoice.dueAt ?? '') + 60 * DAY_MS).toISOString();
    expect(await runDunning(stack, ['--now', muchLater])).toBe('0 subscription(s) now past due, 0 tenant(s) suspended');

    const log = await eventually(async () => {
      const response = await as<{ tenant: { auditLog: { edges: Array<{ node: { action: string; source: string } }> } } }>(
        stack,
        owner,
        'query($id: ID!) { tenant(id: $id) { auditLog(first: 100) { edges { node { action source } } } } }',
        { id: tenant.id },
      );
      const actions = response.data?.tenant.auditLog.edges.filter((edge) => edge.node.source === 'billing').map((edge) => edge.node.action) ?? [];
      return actions.includes('subscription.resume') ? actions : undefined;
    }, 15_000, 'billing audit entries');
    expect(log).toEqual(expect.arrayContaining(['subscription.subscribe', 'invoice.issue', 'subscription.past_due', 'subscription.suspend', 'invoice.paid', 'subscription.resume']));
  });
});
