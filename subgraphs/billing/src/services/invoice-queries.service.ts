import type { EntityManager } from '@mikro-orm/postgresql';
import { type Connection, newestFirstPage } from '@saas/db';
import { Invoice, type InvoiceStatus } from '../entities/invoice.entity';
import { InvoiceLine } from '../entities/invoice-line.entity';

export type InvoicePage = Connection<Invoice>;

/** Reads of invoices; callers authorize (ADMIN and above for a tenant's invoices). */
export class InvoiceQueries {
  constructor(private readonly em: EntityManager) {}

  ofTenant(tenantId: string, args: { first?: number | null; after?: string | null; status?: InvoiceStatus | null }): Promise<InvoicePage> {
    return newestFirstPage(this.em, Invoice, args.status ? { tenantId, status: args.status } : { tenantId }, 'createdAt', args);
  }

  linesOf(invoiceId: string): Promise<InvoiceLine[]> {
    return this.em.find(InvoiceLine, { invoiceId }, { orderBy: { position: 'asc' } });
  }
}
