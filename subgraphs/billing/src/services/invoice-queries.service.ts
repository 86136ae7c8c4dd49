import type { EntityManager } from '@mikro-orm/postgresql';
import { BadUserInputError } from '@saas/errors';
import { Invoice, type InvoiceStatus } from '../entities/invoice.entity';
import { InvoiceLine } from '../entities/invoice-line.entity';

export interface InvoicePage {
  edges: Array<{ cursor: string; node: Invoice }>;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number;
}

const MAX_PAGE = 100;

/** Reads of invoices; callers authorize (ADMIN and above for a tenant's invoices). */
export class InvoiceQueries {
  constructor(private readonly em: EntityManager) {}

  async ofTenant(tenantId: string, args: { first?: number | null; after?: string | null; status?: InvoiceStatus | null }): Promise<InvoicePage> {
    const first = args.first ?? 20;
    if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE) throw new BadUserInputError(`first must be between 0 and ${MAX_PAGE}.`, 'first');
    const where = args.status ? { tenantId, status: args.status } : { tenantId };
    const after = args.after ? decodeCursor(args.after) : undefined;
    const pageWhere = after
      ? { ...where, $or: [{ createdAt: { $lt: after.createdAt } }, { createdAt: after.createdAt, id: { $lt: after.id } }] }
      : where;
    const [rows, totalCount] = await Promise.all([
      this.em.find(Invoice, pageWhere, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: first + 1 }),
      this.em.count(Invoice, where),
    ]);
    const edges = rows.slice(0, first).map((node) => ({ cursor: encodeCursor(node), node }));
    return {
      edges,
      pageInfo: {
        hasNextPage: rows.length > first,
        hasPreviousPage: after !== undefined,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges.at(-1)?.cursor ?? null,
      },
      totalCount,
    };
  }

  linesOf(invoiceId: string): Promise<InvoiceLine[]> {
    return this.em.find(InvoiceLine, { invoiceId }, { orderBy: { position: 'asc' } });
  }
}

function encodeCursor(invoice: Invoice): string {
  return Buffer.from(`${invoice.createdAt.toISOString()}|${invoice.id}`).toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [iso, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(iso ?? '');
  if (!id || Number.isNaN(createdAt.getTime())) throw new BadUserInputError('Invalid cursor.', 'after');
  return { createdAt, id };
}
