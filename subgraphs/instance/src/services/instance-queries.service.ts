import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '@saas/auth';
import type { TenantAuthorizer } from '@saas/authz';
import { type Connection, newestFirstPage } from '@saas/db';
import { INSTANCE_STATUSES, type InstanceStatus } from '@saas/contracts';
import { NotFoundError } from '@saas/errors';
import { parseId } from '../domain/instance-input';
import { Backup } from '../entities/backup.entity';
import { CaughtMail } from '../entities/caught-mail.entity';
import { Instance } from '../entities/instance.entity';
import { ACTIVE_OPERATION_STATUSES, InstanceOperation } from '../entities/instance-operation.entity';

export type InstancePage = Connection<Instance>;
export type CaughtMailPage = Connection<CaughtMail>;

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

  async backupFor(viewer: Viewer, id: string): Promise<Backup> {
    const backup = await this.em.findOne(Backup, { id: parseId(id, 'id') });
    if (!backup) throw new NotFoundError('Backup', id);
    await this.authorizer.requireRole(viewer, backup.tenantId, 'MEMBER');
    return backup;
  }

  async instancesOfTenant(
    viewer: Viewer,
    tenantId: string,
    args: { first?: number | null; after?: string | null; status?: readonly InstanceStatus[] | null },
  ): Promise<InstancePage> {
    await this.authorizer.requireRole(viewer, tenantId, 'MEMBER');
    const statuses = args.status?.length ? [...args.status] : INSTANCE_STATUSES.filter((status) => status !== 'DELETED');
    return newestFirstPage(this.em, Instance, { tenantId, status: { $in: statuses } }, 'createdAt', args);
  }

  /** For fields of an instance already authorized by its parent. */
  operationsOf(instanceId: string, first: number): Promise<InstanceOperation[]> {
    return this.em.find(InstanceOperation, { instanceId }, { orderBy: { seq: 'desc' }, limit: Math.min(Math.max(first, 0), MAX_PAGE) });
  }

  currentOperationOf(instanceId: string): Promise<InstanceOperation | null> {
    return this.em.findOne(InstanceOperation, { instanceId, status: { $in: [...ACTIVE_OPERATION_STATUSES] } });
  }

  /** Staging copies of a production instance, newest first, DELETED ones left out. */
  stagingsOf(instanceId: string): Promise<Instance[]> {
    return this.em.find(Instance, { stagingOfId: instanceId, status: { $ne: 'DELETED' } }, { orderBy: { createdAt: 'desc', id: 'desc' } });
  }

  /** Mails the catcher kept for an instance, newest first. */
  caughtMailsOf(instanceId: string, args: { first?: number | null; after?: string | null }): Promise<CaughtMailPage> {
    return newestFirstPage(this.em, CaughtMail, { instanceId }, 'caughtAt', args);
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
