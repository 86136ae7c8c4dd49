import { EntitySchema } from '@mikro-orm/core';
import type { LineKind } from '../domain/invoice-lines';

/** One charge of an invoice; `quantity × unitAmountCents = amountCents`. */
export class InvoiceLine {
  id!: string;
  invoiceId!: string;
  /** Order on the invoice, from 1. */
  position!: number;
  kind!: LineKind;
  description!: string;
  quantity!: number;
  unitAmountCents!: number;
  amountCents!: number;
}

export const InvoiceLineSchema = new EntitySchema<InvoiceLine>({
  class: InvoiceLine,
  tableName: 'invoice_lines',
  properties: {
    id: { type: 'uuid', primary: true },
    invoiceId: { type: 'uuid' },
    position: { type: 'integer' },
    kind: { type: 'string', length: 16 },
    description: { type: 'text' },
    quantity: { type: 'integer' },
    unitAmountCents: { type: 'integer' },
    amountCents: { type: 'integer' },
  },
});
