import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '@saas/auth';
import type { TenantAuthorizer } from '@saas/authz';
import { decodeStatusCursor, encodeStatusCursor } from '@saas/contracts';
import { BadUserInputError } from '@saas/errors';
import { StatusChange } from '../entities/status-change.entity';

const MAX_PAGE = 100;

export interface StatusHistoryPage {
  edges: Array<{ cursor: string; node: StatusChange }>;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number;
}

export interface StatusHistoryArgs {
  tenantId: string;
  instanceId?: string | null;
  after?: string | null;
  first?: number | null;
  /** The newest `last` changes instead (where a new subscriber starts from). */
  last?: number | null;
}

export function statusCursorOf(change: Pick<StatusChange, 'instanceId' | 'sequence'>): string {
  return encodeStatusCursor(change.instanceId, change.sequence);
}

/**
 * A tenant's status changes after a cursor, oldest first, in the order they were committed
 * (their tenant-wide `position`): what a subscriber that resumes with `after` missed.
 */
export class StatusHistory {
  constructor(
    private readonly em: EntityManager,
    private readonly authorizer: TenantAuthorizer,
  ) {}

  async after(viewer: Viewer, args: StatusHistoryArgs): Promise<StatusHistoryPage> {
    await this.authorizer.requireRole(viewer, args.tenantId, 'MEMBER');
    if (args.last != null) return this.newest(args);
    const size = args.first ?? MAX_PAGE;
    if (!Number.isInteger(size) || size < 0 || size > MAX_PAGE) throw new BadUserInputError(`\`first\` must be between 0 and ${MAX_PAGE}.`, 'first');
    const from = args.after ? await this.positionOf(args.tenantId, args.after) : '0';
    const where = { tenantId: args.tenantId, ...(args.instanceId ? { instanceId: args.instanceId } : {}) };
    const [rows, totalCount] = await Promise.all([
      size === 0 ? Promise.resolve([]) : this.em.find(StatusChange, { ...where, position: { $gt: from } }, { orderBy: { position: 'asc' }, limit: size + 1 }),
      this.em.count(StatusChange, { ...where, position: { $gt: from } }),
    ]);
    const edges = rows.slice(0, size).map((node) => ({ cursor: statusCursorOf(node), node }));
    return {
      edges,
      pageInfo: { hasNextPage: rows.length > size, hasPreviousPage: args.after != null, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
      totalCount,
    };
  }

  private async newest(args: StatusHistoryArgs): Promise<StatusHistoryPage> {
    const size = args.last ?? 0;
    if (!Number.isInteger(size) || size < 0 || size > MAX_PAGE) throw new BadUserInputError(`\`last\` must be between 0 and ${MAX_PAGE}.`, 'last');
    const where = { tenantId: args.tenantId, ...(args.instanceId ? { instanceId: args.instanceId } : {}) };
    const [rows, totalCount] = await Promise.all([
      size === 0 ? Promise.resolve([]) : this.em.find(StatusChange, where, { orderBy: { position: 'desc' }, limit: size }),
      this.em.count(StatusChange, where),
    ]);
    const edges = rows.reverse().map((node) => ({ cursor: statusCursorOf(node), node }));
    return {
      edges,
      pageInfo: { hasNextPage: false, hasPreviousPage: totalCount > edges.length, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
      totalCount,
    };
  }

  private async positionOf(tenantId: string, cursor: string): Promise<string> {
    const named = decodeStatusCursor(cursor);
    const change = named ? await this.em.findOne(StatusChange, { instanceId: named.instanceId, sequence: named.sequence, tenantId }, { fields: ['position'] }) : null;
    if (!change?.position) throw new BadUserInputError('Cursor is not valid; pass the `cursor` of an event of this tenant.', 'after');
    return change.position;
  }
}
