import { EntitySchema } from '@mikro-orm/core';

export type InvoiceStatus = 'DRAFT' | 'OPEN' | 'PAID' | 'VOID';

/** One tenant's bill for one period (unique per tenant and period). */
export class Invoice {
  id!: string;
  number!: string;
  tenantId!: string;
  subscriptionId!: string;
  status!: InvoiceStatus;
  currency!: string;
  periodStart!: Date;
  periodEnd!: Date;
  /** Sum of the lines, in cents. */
  totalCents!: number;
  issuedAt: Date | null = null;
  dueAt: Date | null = null;
  paidAt: Date | null = null;
  voidedAt: Date | null = null;
  /** When dunning found it unpaid past its due date; an OPEN invoice with this set keeps the tenant PAST_DUE. */
  pastDueAt: Date | null = null;
  /** Who collects it (`manual`, or a payment service) and its reference there. */
  paymentProvider!: string;
  providerReference: string | null = null;
  /** The payment's reference, when paid (e.g. a bank transfer id, or the staff member who recorded it). */
  paymentReference: string | null = null;
  createdAt: Date = new Date();
  updatedAt: Date = new Date();
}

export const InvoiceSchema = new EntitySchema<Invoice>({
  class: Invoice,
  tableName: 'invoices',
  properties: {
    id: { type: 'uuid', primary: true },
    number: { type: 'string', length: 32, unique: true },
    tenantId: { type: 'uuid' },
    subscriptionId: { type: 'uuid' },
    status: { type: 'string', length: 8 },
    currency: { type: 'string', length: 3 },
    periodStart: { type: 'Date' },
    periodEnd: { type: 'Date' },
    totalCents: { type: 'integer' },
    issuedAt: { type: 'Date', nullable: true },
    dueAt: { type: 'Date', nullable: true },
    paidAt: { type: 'Date', nullable: true },
    voidedAt: { type: 'Date', nullable: true },
    pastDueAt: { type: 'Date', nullable: true },
    paymentProvider: { type: 'string', length: 32 },
    providerReference: { type: 'text', nullable: true },
    paymentReference: { type: 'text', nullable: true },
    createdAt: { type: 'Date' },
    updatedAt: { type: 'Date', onUpdate: () => new Date() },
  },
});
