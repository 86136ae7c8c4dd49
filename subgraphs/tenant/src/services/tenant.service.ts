import { randomUUID } from 'node:crypto';
import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '@saas/auth';
import type { TenantStatus } from '@saas/authz';
import type { TenantBillingStatusChanged } from '@saas/contracts';
import { ConflictError, ForbiddenError, QuotaExceededError } from '@saas/errors';
import type { Logger } from '@saas/logger';
import { isUuid } from '../domain/ids';
import { parseSlug } from '../domain/slug';
import { parseTenantName } from '../domain/tenant-name';
import type { TenantQuotas } from '../domain/tenant-quotas';
import { AuditEntry } from '../entities/audit-entry.entity';
import { Membership } from '../entities/membership.entity';
import { Invitation } from '../entities/invitation.entity';
import { Tenant } from '../entities/tenant.entity';
import { type Caller, recordAudit } from './audit-recorder';
import type { InstanceCounter } from './instance-directory';
import { enqueueLifecycleEvent } from './lifecycle-events';
import { assertLive, findAccess, notAMember, requireAccess } from './tenant-access';
import { type CommitHooks, inTransaction } from './transaction';

export interface TenantInput {
  name?: string | null;
  slug?: string | null;
}

/** A tenant's state before `close`, put back if its deletion is refused after all. */
interface ClosedTenant {
  status: TenantStatus;
  updatedAt: Date;
}

export interface TenantServiceDeps {
  em: EntityManager;
  hooks: CommitHooks;
  instances: InstanceCounter;
  /** Tenants and trials per user (MAX_TENANTS_PER_USER, MAX_TRIALS_PER_USER). */
  quotas: Pick<TenantQuotas, 'maxTenantsPerUser' | 'maxTrialsPerUser'>;
}

/** Tenants: creation, renaming, deletion, lookups for members, and billing's suspensions. */
export class TenantService {
  constructor(private readonly deps: TenantServiceDeps) {}

  /**
   * Any signed-in user may create a tenant, within their quotas; they become its OWNER.
   * Billing starts a trial from the event.
   */
  async create(caller: Caller, input: { name: string; slug: string }): Promise<Tenant> {
    const name = parseTenantName(input.name, 'input.name');
    const slug = parseSlug(input.slug, 'input.slug');
    return this.mapSlugConflict(slug, () =>
      inTransaction(this.deps.em, this.deps.hooks, async (tx, effects) => {
        await this.assertWithinQuotas(tx, caller.userId);
        await this.assertSlugFree(tx, slug);
        const now = new Date();
        const tenant = tx.create(Tenant, { id: randomUUID(), slug, name, status: 'ACTIVE', createdAt: now, updatedAt: now, deletedAt: null, createdBy: caller.userId });
        tx.persist(tenant);
        tx.persist(tx.create(Membership, { tenantId: tenant.id, userId: caller.userId, role: 'OWNER', joinedAt: now }));
        recordAudit(tx, caller, { tenantId: tenant.id, action: 'tenant.create', targetType: 'tenant', targetId: tenant.id });
        enqueueLifecycleEvent(tx, effects, tenant, 'created', caller.userId);
        effects.invalidate({ tenantId: tenant.id, userId: caller.userId, role: 'OWNER' });
        return tenant;
      }),
    );
  }

  /** ADMIN and above rename a tenant or change its slug. */
  async update(caller: Caller, tenantId: string, input: TenantInput): Promise<Tenant> {
    const name = input.name === undefined || input.name === null ? undefined : parseTenantName(input.name, 'input.name');
    const slug = input.slug === undefined || input.slug === null ? undefined : parseSlug(input.slug, 'input.slug');
    return this.mapSlugConflict(slug ?? '', () =>
      inTransaction(this.deps.em, this.deps.hooks, async (tx) => {
        const { tenant } = await requireAccess(tx, caller.userId, tenantId, 'ADMIN', true);
        assertLive(tenant);
        const changed: string[] = [];
        if (slug !== undefined && slug !== tenant.slug) {
          await this.assertSlugFree(tx, slug);
          tenant.slug = slug;
          changed.push('slug');
        }
        if (name !== undefined && name !== tenant.name) {
          tenant.name = name;
          changed.push('name');
        }
        if (changed.length > 0) {
          tenant.updatedAt = new Date();
          recordAudit(tx, caller, { tenantId, action: 'tenant.update', targetType: 'tenant', targetId: tenantId });
        }
        return tenant;
      }),
    );
  }

  /**
   * OWNER only. Refused while the instance subgraph reports instances that are not
   * DELETED (asked with the viewer's token; if it cannot answer, the deletion is refused).
   *
   * The instance subgraph authorizes a create from the cached tenant status, so counting
   * first and deleting afterwards would let an instance created in between end up in a
   * DELETED tenant. Hence: count (the usual refusal, with nothing changed); close the tenant
   * (locked, marked DELETED, membership cache invalidated on commit, so every create
   * authorized from then on is refused); count again, which now sees every instance created
   * before the close; then either finish the deletion or reopen the tenant as it was.
   */
  async delete(caller: Caller, viewer: Viewer, tenantId: string): Promise<Tenant> {
    const before = await requireAccess(this.deps.em, caller.userId, tenantId, 'OWNER');
    assertLive(before.tenant);
    await this.assertNoLiveInstance(viewer, tenantId);
    const closed = await this.close(caller, tenantId);
    try {
      await this.assertNoLiveInstance(viewer, tenantId);
    } catch (error) {
      await this.reopen(tenantId, closed);
      throw error;
    }
    return inTransaction(this.deps.em, this.deps.hooks, async (tx, effects) => {
      const tenant = await tx.findOneOrFail(Tenant, { id: tenantId }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
      await tx.nativeUpdate(Invitation, { tenantId, status: 'PENDING' }, { status: 'REVOKED', revokedAt: tenant.deletedAt ?? new Date() });
      recordAudit(tx, caller, { tenantId, action: 'tenant.delete', targetType: 'tenant', targetId: tenantId });
      enqueueLifecycleEvent(tx, effects, tenant, 'status');
      effects.invalidate({ tenantId });
      return tenant;
    });
  }

  private async assertNoLiveInstance(viewer: Viewer, tenantId: string): Promise<void> {
    const live = await this.deps.instances.liveInstanceCount(viewer, tenantId);
    if (live > 0) {
      throw new ConflictError(`This tenant still has ${live} instance(s); delete them first.`, { tenantId, instances: live });
    }
  }

  /** Marks the tenant DELETED (nothing announced yet) and returns what to restore if the deletion is refused. */
  private async close(caller: Caller, tenantId: string): Promise<ClosedTenant> {
    return inTransaction(this.deps.em, this.deps.hooks, async (tx, effects) => {
      const { tenant } = await requireAccess(tx, caller.userId, tenantId, 'OWNER', true);
      assertLive(tenant);
      const closed: ClosedTenant = { status: tenant.status, updatedAt: tenant.updatedAt };
      const now = new Date();
      tenant.status = 'DELETED';
      tenant.deletedAt = now;
      tenant.updatedAt = now;
      effects.invalidate({ tenantId });
      return closed;
    });
  }

  /**
   * Undoes `close` when the second count refused the deletion (or could not be made). Should
   * another tenant have taken the slug in that instant, the unique index refuses the reopening
   * and the error says so rather than leaving a second live tenant with the same slug.
   */
  private async reopen(tenantId: string, closed: ClosedTenant): Promise<void> {
    await inTransaction(this.deps.em, this.deps.hooks, async (tx, effects) => {
      const tenant = await tx.findOneOrFail(Tenant, { id: tenantId }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
      tenant.status = closed.status;
      tenant.deletedAt = null;
      tenant.updatedAt = closed.updatedAt;
      effects.invalidate({ tenantId });
    });
  }

  /** A tenant the user belongs to (deleted ones included, with their status); FORBIDDEN otherwise. */
  async getForMember(userId: string, tenantId: string): Promise<Tenant> {
    const access = await findAccess(this.deps.em, userId, tenantId);
    if (!access) throw notAMember(tenantId);
    return access.tenant;
  }

  /** By slug: only live tenants have one. Unknown and foreign slugs are both FORBIDDEN. */
  async getBySlugForMember(userId: string, slug: string): Promise<Tenant> {
    const tenant = await this.deps.em.findOne(Tenant, { slug, status: { $ne: 'DELETED' } });
    const membership = tenant ? await this.deps.em.findOne(Membership, { tenantId: tenant.id, userId }) : null;
    if (!tenant || !membership) throw new ForbiddenError('You are not a member of this tenant.', { slug: slug.slice(0, 63) });
    return tenant;
  }

  /**
   * The user's membership or null: what libs/authz asks on a cache miss, so it must answer
   * for deleted and suspended tenants too (with their status) rather than fail.
   */
  async membershipOf(userId: string, tenantId: string): Promise<Membership | null> {
    return (await findAccess(this.deps.em, userId, tenantId))?.membership ?? null;
  }

  /** Loads a tenant already known to be visible (Membership.tenant, Invitation.tenant). */
  async load(tenantId: string): Promise<Tenant> {
    return this.deps.em.findOneOrFail(Tenant, { id: tenantId });
  }

  /**
   * Billing suspends an unpaid tenant or resumes it. Applied once per event (its id is the
   * audit entry's), recorded with no actor, announced as `tenant.status`.
   */
  async applyBillingStatus(event: TenantBillingStatusChanged, logger: Logger): Promise<void> {
    if (!isUuid(event.tenantId)) {
      logger.warn({ tenantId: event.tenantId }, 'billing status for a malformed tenant id ignored');
      return;
    }
    await inTransaction(this.deps.em, this.deps.hooks, async (tx, effects) => {
      const tenant = await tx.findOne(Tenant, { id: event.tenantId }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
      if (!tenant) {
        logger.warn({ tenantId: event.tenantId }, 'billing status for an unknown tenant ignored');
        return;
      }
      if ((await tx.count(AuditEntry, { eventId: event.eventId })) > 0) return;
      const status = event.suspended ? 'SUSPENDED' : 'ACTIVE';
      if (tenant.status === 'DELETED' || tenant.status === status) return;
      tenant.status = status;
      tenant.updatedAt = new Date();
      recordAudit(
        tx,
        { userId: null, ip: null },
        { tenantId: tenant.id, action: event.suspended ? 'tenant.suspend' : 'tenant.resume', targetType: 'tenant', targetId: tenant.id },
        event.eventId,
      );
      enqueueLifecycleEvent(tx, effects, tenant, 'status');
      effects.invalidate({ tenantId: tenant.id });
      logger.info({ tenantId: tenant.id, status, reason: event.reason }, 'tenant status changed by billing');
    });
  }

  /**
   * QUOTA_EXCEEDED when the user already owns `maxTenantsPerUser` live tenants, or has
   * created `maxTrialsPerUser` tenants in all (each started a free trial; deleting one does
   * not give it back). Creations by one user are serialized, so two at once cannot both
   * take the last place.
   */
  private async assertWithinQuotas(tx: EntityManager, userId: string): Promise<void> {
    const { maxTenantsPerUser, maxTrialsPerUser } = this.deps.quotas;
    await tx.execute('select pg_advisory_xact_lock(hashtext(?))', [`tenants-created-by:${userId}`]);
    const [owned] = await tx.execute<Array<{ count: number }>>(
      `select count(*)::int as count from memberships m join tenants t on t.id = m.tenant_id
        where m.user_id = ? and m.role = 'OWNER' and t.status <> 'DELETED'`,
      [userId],
    );
    if ((owned?.count ?? 0) >= maxTenantsPerUser) {
      throw new QuotaExceededError(`You already own ${maxTenantsPerUser} tenants, the most one user may own; delete one or ask support.`, 'maxTenantsPerUser', maxTenantsPerUser);
    }
    const created = await tx.count(Tenant, { createdBy: userId });
    if (created >= maxTrialsPerUser) {
      throw new QuotaExceededError(
        `You have already created ${maxTrialsPerUser} tenants, each with a free trial, the most one user may; ask support for another.`,
        'maxTrialsPerUser',
        maxTrialsPerUser,
      );
    }
  }

  private async assertSlugFree(tx: EntityManager, slug: string): Promise<void> {
    if ((await tx.count(Tenant, { slug, status: { $ne: 'DELETED' } })) > 0) throw slugTaken(slug);
  }

  /** Two concurrent requests for one slug: the unique index lets one win, the other gets CONFLICT. */
  private async mapSlugConflict<T>(slug: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) throw slugTaken(slug);
      throw error;
    }
  }
}

function slugTaken(slug: string): ConflictError {
  return new ConflictError(`Slug "${slug}" is already taken.`, { field: 'input.slug', reason: 'SLUG_TAKEN' });
}
