import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '@saas/auth';
import type { TenantAuthorizer } from '@saas/authz';
import { INSTANCE_STATUSES, type InstanceStatus } from '@saas/contracts';
import { BadUserInputError, NotFoundError } from '@saas/errors';
import { parseId } from '../domain/instance-input';
import { Backup } from '../entities/backup.entity';
import { Instance } from '../entities/instance.entity';
import { ACTIVE_OPERATION_STATUSES, InstanceOperation } from '../entities/instance-operation.entity';

export interface InstancePage {
  edges: Array<{ cursor: string; node: Instance }>;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number;
}

const MAX_PAGE = 100;

/** Reads, each one authorized: a member of the instance's tenant sees it (MEMBER and above). */
export class InstanceQueries {
  constructor(
    private readonly em: EntityManager,
    private readonly authorizer: TenantAuthorizer,
  ) {}

  async instance(viewer: Viewer, id: string): Promise<Instance> {
    const instance = await this.em.findOne(Instance, { id: parseId(id, 'id') });
    if (!instance) throw new NotFoundError('Instance', id);
    await this.authorizer.requireRole(viewer, instance.tenantId, 'MEMBER');
    return instance;
  }

  async operation(viewer: Viewer, id: string): Promise<InstanceOperation> {
    const operation = await this.em.findOne(InstanceOperation, { id: parseId(id, 'id') });
    if (!operation) throw new NotFoundError('Instance operation', id);
    await this.authorizer.requireRole(viewer, operation.tenantId, 'MEMBER');
    return operation;
  }

  async instancesOfTenant(
    viewer: Viewer,
    tenantId: string,
    args: { first?: number | null; after?: string | null; status?: readonly InstanceStatus[] | null },
  ): Promise<InstancePage> {
    await this.authorizer.requireRole(viewer, tenantId, 'MEMBER');
    const first = args.first ?? 20;
    if (first < 0 || first > MAX_PAGE) throw new BadUserInputError(`first must be between 0 and ${MAX_PAGE}.`, 'first');
    const statuses = args.status?.length ? [...args.status] : INSTANCE_STATUSES.filter((status) => status !== 'DELETED');
    const where = { tenantId, status: { $in: statuses } };
    const after = args.after ? decodeCursor(args.after) : undefined;
    const pageWhere = after
      ? { ...where, $or: [{ createdAt: { $lt: after.createdAt } }, { createdAt: after.createdAt, id: { $lt: after.id } }] }
      : where;
    const [rows, totalCount] = await Promise.all([
      this.em.find(Instance, pageWhere, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: first + 1 }),
      this.em.count(Instance, where),
    ]);
    const nodes = rows.slice(0, first);
    const edges = nodes.map((node) => ({ cursor: encodeCursor(node), node }));
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

  /** For fields of an instance already authorized by its parent. */
  operationsOf(instanceId: string, first: number): Promise<InstanceOperation[]> {
    return this.em.find(InstanceOperation, { instanceId }, { orderBy: { seq: 'desc' }, limit: Math.min(Math.max(first, 0), MAX_PAGE) });
  }

  currentOperationOf(instanceId: string): Promise<InstanceOperation | null> {
    return this.em.findOne(InstanceOperation, { instanceId, status: { $in: [...ACTIVE_OPERATION_STATUSES] } });
  }

  backupsOf(instanceId: string): Promise<Backup[]> {
    return this.em.find(Backup, { instanceId }, { orderBy: { createdAt: 'desc' } });
  }

  backup(id: string): Promise<Backup | null> {
    return this.em.findOne(Backup, { id });
  }

  instanceById(id: string): Promise<Instance> {
    return this.em.findOneOrFail(Instance, { id });
  }
}

function encodeCursor(instance: Instance): string {
  return Buffer.from(`${instance.createdAt.toISOString()}|${instance.id}`).toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [iso, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(iso ?? '');
  if (!id || Number.isNaN(createdAt.getTime())) throw new BadUserInputError('Invalid cursor.', 'after');
  return { createdAt, id };
}
