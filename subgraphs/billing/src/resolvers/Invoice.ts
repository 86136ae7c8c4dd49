import type { InvoiceResolvers } from '../__generated__/resolvers-types';

export const Invoice: InvoiceResolvers = {
  tenant: (invoice) => ({ __typename: 'Tenant', id: invoice.tenantId }),
  periodStart: (invoice) => invoice.periodStart.toISOString(),
  periodEnd: (invoice) => invoice.periodEnd.toISOString(),
  lines: (invoice, _args, { invoices }) => invoices.linesOf(invoice.id),
  issuedAt: (invoice) => invoice.issuedAt?.toISOString() ?? null,
  dueAt: (invoice) => invoice.dueAt?.toISOString() ?? null,
  paidAt: (invoice) => invoice.paidAt?.toISOString() ?? null,
  voidedAt: (invoice) => invoice.voidedAt?.toISOString() ?? null,
};
