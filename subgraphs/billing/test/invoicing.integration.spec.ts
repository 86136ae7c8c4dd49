import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '@saas/auth';
import { OutboxMessage } from '@saas/messaging';
import { parsePeriod } from '../src/domain/period';
import { Invoice } from '../src/entities/invoice.entity';
import { Subscription } from '../src/entities/subscription.entity';
import { type BillingFoundation, platformServices } from '../src/services/billing-services';
import { type CollectableInvoice, ManualPaymentProvider, type PaymentProvider } from '../src/services/payment-provider';
import { PaymentService } from '../src/services/payment.service';
import { endOpenTerm, startTerm } from '../src/services/plan-terms';
import { billingDatabase, silentLogger } from './support/billing-database';

type Database = Awaited<ReturnType<typeof billingDatabase>>;

const may = parsePeriod('2026-05');
const closeAt = new Date('2026-06-01T01:00:00Z');
const DAY_MS = 86_400_000;
const staff: Viewer = { userId: randomUUID(), sessionId: randomUUID(), staff: true, accessToken: 'unused', expiresAt: 0 };
const actor = { userId: staff.userId, ip: null };

/** A payment service that is down until `up` is set (the one outside party this test stands in for). */
class UnreliableProvider implements PaymentProvider {
  readonly id = 'unreliable';
  up = false;
  readonly taken: string[] = [];

  async collect(invoice: CollectableInvoice): Promise<{ reference: string | null }> {
    if (!this.up) throw new Error('payment service unavailable');
    this.taken.push(invoice.number);
    return { reference: `unreliable:${invoice.id}` };
  }

  async cancel(): Promise<void> {}
}

describe('invoicing and dunning (PostgreSQL)', () => {
  let db: Database;
  const foundation: BillingFoundation = {
    settings: { currency: 'EUR', supportedVersions: ['17.0'], dueDays: 14, graceDays: 7 },
    provider: new ManualPaymentProvider(),
    clock: () => closeAt,
    logger: silentLogger,
    afterCommit: () => undefined,
  };
  const services = () => platformServices(db.em(), foundation);
  const payments = () => new PaymentService({ em: db.em(), provider: foundation.provider, clock: foundation.clock, logger: silentLogger, afterCommit: () => undefined });

  /** A tenant that started its trial on May 2 and moved to `planCode` on May 16 at noon. */
  async function subscribedTenant(planCode: string): Promise<string> {
    const tenantId = randomUUID();
    const subscription = await services().subscriptions.ensure(tenantId, new Date('2026-05-02T00:00:00Z'));
    await db.em().transactional(async (tx: EntityManager) => {
      const since = await endOpenTerm(tx, subscription.id, new Date('2026-05-16T12:00:00Z'));
      startTerm(tx, subscription, planCode, since);
      await tx.nativeUpdate(Subscription, { id: subscription.id }, { planCode, status: 'ACTIVE' });
    });
    return tenantId;
  }

  beforeAll(async () => {
    db = await billingDatabase();
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('issues one invoice per tenant and period, however many closes run at once, numbered without gaps', async () => {
    const tenants = await Promise.all(['starter', 'business', 'starter'].map(subscribedTenant));
    const results = await Promise.all(Array.from({ length: 4 }, () => services().issuer.closePeriod(may, closeAt)));
    expect(results.reduce((sum, result) => sum + result.issued, 0)).toBe(3);
    const invoices = await db.em().find(Invoice, { tenantId: { $in: tenants } }, { orderBy: { number: 'asc' } });
    expect(invoices).toHaveLength(3);
    expect(invoices.map((invoice) => invoice.number)).toEqual(['INV-2026-000001', 'INV-2026-000002', 'INV-2026-000003']);
    const starter = invoices.find((invoice) => invoice.tenantId === tenants[0]);
    // Half of May on Starter (2900): exactly 1450; the trial's half costs nothing.
    expect(starter).toMatchObject({ status: 'OPEN', totalCents: 1450, dueAt: new Date(closeAt.getTime() + 14 * DAY_MS) });
    // Closing a period that has not ended is refused.
    await expect(services().issuer.closePeriod(parsePeriod('2026-06'), closeAt)).rejects.toThrow(/has not ended/);
  });

  it('issues a trial-only period as paid (nothing due), never chased', async () => {
    const tenantId = randomUUID();
    await services().subscriptions.ensure(tenantId, new Date('2026-05-05T00:00:00Z'));
    await services().issuer.closePeriod(may, closeAt);
    const invoice = await db.em().findOneOrFail(Invoice, { tenantId });
    expect(invoice).toMatchObject({ status: 'PAID', totalCents: 0, dueAt: null, paymentProvider: 'none' });
  });

  it('suspends once after the grace period and resumes when the overdue invoice is voided', async () => {
    const tenantId = await subscribedTenant('starter');
    await services().issuer.closePeriod(may, closeAt);
    const invoice = await db.em().findOneOrFail(Invoice, { tenantId });
    const dueAt = invoice.dueAt?.getTime() ?? 0;
    const outbox = async (suspended: boolean) =>
      (await db.em().find(OutboxMessage, { routingKey: 'billing.tenant-status' })).filter((row) => {
        const payload = row.payload as { tenantId: string; suspended: boolean };
        return payload.tenantId === tenantId && payload.suspended === suspended;
      });

    await services().dunning.run(new Date(dueAt - 1));
    expect((await db.em().findOneOrFail(Subscription, { tenantId })).status).toBe('ACTIVE');
    await services().dunning.run(new Date(dueAt + 7 * DAY_MS));
    await Promise.all([services().dunning.run(new Date(dueAt + 8 * DAY_MS)), services().dunning.run(new Date(dueAt + 9 * DAY_MS))]);
    // Running "as of" an earlier instant afterwards changes nothing back.
    await services().dunning.run(new Date(dueAt + DAY_MS));
    expect(await db.em().findOneOrFail(Subscription, { tenantId })).toMatchObject({ status: 'PAST_DUE', suspendedAt: new Date(dueAt + 7 * DAY_MS) });
    expect(await outbox(true)).toHaveLength(1);

    const voided = await payments().void(staff, actor, invoice.id);
    expect(voided).toMatchObject({ status: 'VOID' });
    expect(await db.em().findOneOrFail(Subscription, { tenantId })).toMatchObject({ status: 'ACTIVE', suspendedAt: null });
    expect(await outbox(false)).toHaveLength(1);
    // A voided invoice cannot be paid; voiding again changes nothing.
    await expect(payments().markPaid(staff, actor, invoice.id)).rejects.toMatchObject({ code: 'CONFLICT' });
    await payments().void(staff, actor, invoice.id);
    expect(await outbox(false)).toHaveLength(1);
  });

  it('keeps an invoice DRAFT (not owed, never chased) while the payment provider fails, and opens it once the provider takes it', async () => {
    const provider = new UnreliableProvider();
    const withProvider = () => platformServices(db.em(), { ...foundation, provider });
    const tenantId = await subscribedTenant('starter');
    await withProvider().issuer.closePeriod(may, closeAt);
    const draft = await db.em().findOneOrFail(Invoice, { tenantId });
    expect(draft).toMatchObject({ status: 'DRAFT', totalCents: 1450, dueAt: null, paymentProvider: 'unreliable', providerReference: null });

    // Not owed yet: dunning much later leaves the tenant alone, and a draft cannot be paid.
    await withProvider().dunning.run(new Date(closeAt.getTime() + 60 * DAY_MS));
    expect(await db.em().findOneOrFail(Subscription, { tenantId })).toMatchObject({ status: 'ACTIVE', suspendedAt: null });
    await expect(payments().markPaid(staff, actor, draft.id)).rejects.toMatchObject({ code: 'CONFLICT' });

    provider.up = true;
    const later = new Date(closeAt.getTime() + 2 * DAY_MS);
    expect(await withProvider().issuer.finalizeDrafts(later)).toBe(1);
    expect(await withProvider().issuer.finalizeDrafts(later)).toBe(0);
    expect(provider.taken).toEqual([draft.number]);
    expect(await db.em().findOneOrFail(Invoice, { tenantId })).toMatchObject({
      status: 'OPEN',
      dueAt: new Date(later.getTime() + 14 * DAY_MS),
      providerReference: `unreliable:${draft.id}`,
    });
  });

  it('refuses non-staff payments', async () => {
    await expect(payments().markPaid({ ...staff, staff: false }, actor, randomUUID())).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
