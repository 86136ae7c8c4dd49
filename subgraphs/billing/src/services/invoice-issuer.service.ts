import { randomUUID } from 'node:crypto';
import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from '@saas/logger';
import { invoiceLines, type TermSpan } from '../domain/invoice-lines';
import { formatInvoiceNumber } from '../domain/invoice-number';
import { sumCents } from '../domain/money';
import type { Period } from '../domain/period';
import { Invoice } from '../entities/invoice.entity';
import { InvoiceLine } from '../entities/invoice-line.entity';
import { Plan } from '../entities/plan.entity';
import { PlanTerm } from '../entities/plan-term.entity';
import { Subscription } from '../entities/subscription.entity';
import { audit } from './audit';
import type { BillingSettings } from './billing-settings';
import type { PaymentProvider } from './payment-provider';
import { UsageService } from './usage.service';

const DAY_MS = 86_400_000;

export class PeriodNotOverError extends Error {}

export interface CloseResult {
  period: string;
  issued: number;
  /** Tenants that already had their invoice, or had nothing to bill. */
  skipped: number;
}

/**
 * Closes periods: one invoice per tenant and period (unique in the database), so closing a
 * period again, or from two processes at once, issues nothing twice. An invoice that asks for
 * money is written as a DRAFT and becomes OPEN (owed, due, chased by dunning) only once the
 * payment provider took it; a provider that fails leaves it DRAFT, and every later billing
 * cycle tries again (`finalizeDrafts`).
 */
export class InvoiceIssuer {
  constructor(
    private readonly em: EntityManager,
    private readonly settings: BillingSettings,
    private readonly provider: PaymentProvider,
    private readonly logger: Logger,
    private readonly afterCommit: () => void,
  ) {}

  async closePeriod(period: Period, now: Date): Promise<CloseResult> {
    if (now.getTime() < period.end.getTime()) throw new PeriodNotOverError(`period ${period.key} has not ended as of ${now.toISOString()}`);
    const candidates = await this.em.fork().execute<Array<{ tenant_id: string }>>(
      `select s.tenant_id from subscriptions s
       where s.created_at < ? and not exists (select 1 from invoices i where i.tenant_id = s.tenant_id and i.period_start = ?)
       order by s.created_at`,
      [period.end, period.start],
    );
    const result: CloseResult = { period: period.key, issued: 0, skipped: 0 };
    for (const { tenant_id: tenantId } of candidates) {
      const invoice = await this.closeForTenant(tenantId, period, now);
      if (invoice) result.issued += 1;
      else result.skipped += 1;
    }
    if (result.issued > 0) this.afterCommit();
    this.logger.info({ ...result }, 'billing period closed');
    return result;
  }

  /** Hands every DRAFT invoice to the payment provider; those it takes become OPEN. Returns how many did. */
  async finalizeDrafts(now: Date): Promise<number> {
    const drafts = await this.em.fork().find(Invoice, { status: 'DRAFT' }, { orderBy: { number: 'asc' } });
    let finalized = 0;
    for (const draft of drafts) finalized += (await this.finalize(draft, now)) ? 1 : 0;
    if (finalized > 0) this.afterCommit();
    return finalized;
  }

  /** Issues the tenant's invoice for `period`; null when it exists already or nothing is billed. */
  async closeForTenant(tenantId: string, period: Period, now: Date): Promise<Invoice | null> {
    let issued: Invoice | null;
    try {
      issued = await this.em.fork().transactional(async (tx) => {
        const subscription = await tx.findOne(Subscription, { tenantId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
        if (!subscription) return null;
        if ((await tx.count(Invoice, { tenantId, periodStart: period.start })) > 0) return null;
        return this.issue(tx, subscription, period, now);
      });
    } catch (error) {
      // Another process issued it first.
      if (error instanceof UniqueConstraintViolationException) return null;
      throw error;
    }
    if (issued?.status === 'DRAFT') await this.finalize(issued, now);
    return issued;
  }

  private async issue(tx: EntityManager, subscription: Subscription, period: Period, now: Date): Promise<Invoice | null> {
    const terms = await this.termsFor(tx, subscription.tenantId, period);
    const usage = await new UsageService(tx).usageOf(subscription.tenantId, period, now);
    const drafts = invoiceLines(period, terms, usage.hours);
    if (drafts.length === 0) return null;
    const total = sumCents(drafts.map((line) => line.amountCents));
    const year = period.start.getUTCFullYear();
    const [counter] = await tx.execute<Array<{ last_number: number }>>(
      `insert into invoice_number_counters (year, last_number) values (?, 1)
       on conflict (year) do update set last_number = invoice_number_counters.last_number + 1 returning last_number`,
      [year],
    );
    if (!counter) throw new Error('invoice number counter did not answer');
    // Nothing owed (a trial, a free plan): issued as paid, so it never reaches dunning. What is
    // owed stays a DRAFT until the payment provider took it (`finalize`).
    const owed = total > 0;
    const invoice = tx.create(Invoice, {
      id: randomUUID(),
      number: formatInvoiceNumber(year, counter.last_number),
      tenantId: subscription.tenantId,
      subscriptionId: subscription.id,
      status: owed ? 'DRAFT' : 'PAID',
      currency: this.settings.currency,
      periodStart: period.start,
      periodEnd: period.end,
      totalCents: total,
      issuedAt: now,
      dueAt: null,
      paidAt: owed ? null : now,
      voidedAt: null,
      pastDueAt: null,
      paymentProvider: owed ? this.provider.id : 'none',
      providerReference: null,
      paymentReference: owed ? null : 'nothing due',
      createdAt: now,
      updatedAt: now,
    });
    tx.persist(invoice);
    drafts.forEach((line, index) => tx.persist(tx.create(InvoiceLine, { id: randomUUID(), invoiceId: invoice.id, position: index + 1, ...line })));
    audit(tx, null, { tenantId: subscription.tenantId, action: 'invoice.issue', targetType: 'invoice', targetId: invoice.number });
    return invoice;
  }

  /** Terms overlapping the period, and the last one before it (its plan prices the usage). */
  private async termsFor(tx: EntityManager, tenantId: string, period: Period): Promise<TermSpan[]> {
    const terms = await tx.find(PlanTerm, { tenantId, startedAt: { $lt: period.end } }, { orderBy: { startedAt: 'desc' } });
    const relevant = terms.filter((term, index) => index === 0 || !term.endedAt || term.endedAt.getTime() > period.start.getTime());
    const plans = new Map((await tx.find(Plan, { code: { $in: [...new Set(relevant.map((term) => term.planCode))] } })).map((plan) => [plan.code, plan]));
    return relevant.map((term) => {
      const plan = plans.get(term.planCode);
      if (!plan) throw new Error(`plan ${term.planCode} of a term is missing`);
      return { plan, startedAt: term.startedAt, endedAt: term.endedAt };
    });
  }

  /**
   * After the draft was committed: the provider starts collecting (it must be idempotent per
   * invoice id, since a finalization cut short is tried again), then the invoice is OPEN and
   * due `dueDays` from now. Null when the provider failed: the invoice stays DRAFT.
   */
  private async finalize(draft: Invoice, now: Date): Promise<Invoice | null> {
    const dueAt = new Date(now.getTime() + this.settings.dueDays * DAY_MS);
    let reference: string | null;
    try {
      ({ reference } = await this.provider.collect({ ...draft, dueAt }));
    } catch (error) {
      this.logger.error({ err: error, invoice: draft.number }, 'payment provider could not take the invoice; it stays DRAFT and is tried again');
      return null;
    }
    return this.em.fork().transactional(async (tx) => {
      const invoice = await tx.findOneOrFail(Invoice, { id: draft.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (invoice.status !== 'DRAFT') return null;
      invoice.status = 'OPEN';
      invoice.dueAt = dueAt;
      invoice.providerReference = reference;
      invoice.updatedAt = now;
      audit(tx, null, { tenantId: invoice.tenantId, action: 'invoice.open', targetType: 'invoice', targetId: invoice.number });
      return invoice;
    });
  }
}
