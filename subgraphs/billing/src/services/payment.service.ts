import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '@saas/auth';
import { ConflictError, NotFoundError } from '@saas/errors';
import type { Logger } from '@saas/logger';
import { parseId } from '../domain/ids';
import { Invoice } from '../entities/invoice.entity';
import { Subscription } from '../entities/subscription.entity';
import { type Actor, audit } from './audit';
import type { Clock } from './clock';
import type { PaymentProvider } from './payment-provider';
import { requireStaff } from './plan.service';
import { settleIfNothingOverdue } from './settlement';

export interface PaymentDependencies {
  em: EntityManager;
  provider: PaymentProvider;
  clock: Clock;
  logger: Logger;
  afterCommit: () => void;
}

/** A payment as a provider reports it (staff for the manual provider, a webhook for others). */
export interface RecordedPayment {
  reference: string;
  paidAt: Date;
  actor: Actor | null;
}

/** Payments and cancellations of issued invoices. */
export class PaymentService {
  constructor(private readonly deps: PaymentDependencies) {}

  /** Staff record a payment received outside the platform (the manual provider). */
  async markPaid(viewer: Viewer, actor: Actor, invoiceId: string): Promise<Invoice> {
    requireStaff(viewer);
    return this.recordPayment(parseId(invoiceId, 'invoiceId'), { reference: `manual:${viewer.userId}`, paidAt: this.deps.clock(), actor });
  }

  /**
   * Records the payment of an OPEN invoice (idempotent for a PAID one) and resumes the tenant
   * when nothing overdue remains. The entry point of every provider.
   */
  async recordPayment(invoiceId: string, payment: RecordedPayment): Promise<Invoice> {
    const invoice = await this.change(invoiceId, async (tx, found, subscription) => {
      if (found.status === 'PAID') return false;
      if (found.status !== 'OPEN') throw new ConflictError(`Invoice ${found.number} is ${found.status}; only an OPEN invoice can be paid.`, { status: found.status });
      found.status = 'PAID';
      found.paidAt = payment.paidAt;
      found.paymentReference = payment.reference;
      audit(tx, payment.actor, { tenantId: found.tenantId, action: 'invoice.paid', targetType: 'invoice', targetId: found.number });
      await settleIfNothingOverdue(tx, subscription, payment.actor, payment.paidAt, `Invoice ${found.number} paid`);
      return true;
    });
    return invoice;
  }

  /** Staff cancel a DRAFT or OPEN invoice: nothing is owed for it (idempotent for a VOID one). */
  async void(viewer: Viewer, actor: Actor, invoiceIdArg: string): Promise<Invoice> {
    requireStaff(viewer);
    const now = this.deps.clock();
    const invoice = await this.change(parseId(invoiceIdArg, 'invoiceId'), async (tx, found, subscription) => {
      if (found.status === 'VOID') return false;
      if (found.status === 'PAID') throw new ConflictError(`Invoice ${found.number} is PAID; only a DRAFT or OPEN invoice can be voided.`, { status: found.status });
      found.status = 'VOID';
      found.voidedAt = now;
      audit(tx, actor, { tenantId: found.tenantId, action: 'invoice.void', targetType: 'invoice', targetId: found.number });
      await settleIfNothingOverdue(tx, subscription, actor, now, `Invoice ${found.number} voided`);
      return true;
    });
    if (invoice.status === 'VOID' && invoice.voidedAt?.getTime() === now.getTime()) {
      await this.deps.provider.cancel(invoice).catch((error: unknown) => this.deps.logger.error({ err: error, invoice: invoice.number }, 'payment provider could not cancel the invoice'));
    }
    return invoice;
  }

  /** Locks the tenant's subscription, then the invoice (the order dunning uses too). */
  private async change(
    invoiceId: string,
    apply: (tx: EntityManager, invoice: Invoice, subscription: Subscription) => Promise<boolean>,
  ): Promise<Invoice> {
    const existing = await this.deps.em.fork().findOne(Invoice, { id: invoiceId });
    if (!existing) throw new NotFoundError('Invoice', invoiceId);
    let changed = false;
    const invoice = await this.deps.em.fork().transactional(async (tx) => {
      const subscription = await tx.findOneOrFail(Subscription, { id: existing.subscriptionId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const found = await tx.findOneOrFail(Invoice, { id: invoiceId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      changed = await apply(tx, found, subscription);
      return found;
    });
    if (changed) this.deps.afterCommit();
    return invoice;
  }
}
