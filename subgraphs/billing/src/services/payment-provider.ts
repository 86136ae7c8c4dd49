/** What a payment provider is told about an invoice. */
export interface CollectableInvoice {
  id: string;
  number: string;
  tenantId: string;
  currency: string;
  totalCents: number;
  dueAt: Date | null;
  /** The provider's own reference, once it has one. */
  providerReference: string | null;
}

/**
 * Who collects payments. Billing calls `collect` after an invoice was issued (committed) and
 * `cancel` after it was voided; a payment is recorded by `PaymentService.recordPayment`,
 * which staff call through `markInvoicePaid` (manual provider) and a payment service's
 * adapter would call from its webhook. A Stripe adapter, for example: `collect` creates and
 * finalizes a Stripe invoice for the tenant's customer and returns its id; `cancel` voids
 * it; its `invoice.paid` webhook records the payment with the Stripe payment id.
 */
export interface PaymentProvider {
  /** Stored on each invoice, e.g. `manual`. */
  readonly id: string;
  collect(invoice: CollectableInvoice): Promise<{ reference: string | null }>;
  cancel(invoice: CollectableInvoice): Promise<void>;
}

/** Invoices are paid outside the platform (bank transfer); staff record the payment. */
export class ManualPaymentProvider implements PaymentProvider {
  readonly id = 'manual';

  async collect(): Promise<{ reference: string | null }> {
    return { reference: null };
  }

  async cancel(): Promise<void> {}
}
