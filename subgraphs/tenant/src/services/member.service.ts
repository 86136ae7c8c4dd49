import type { EntityManager } from '@mikro-orm/postgresql';
import type { Role } from '@saas/authz';
import { BadUserInputError, NotFoundError } from '@saas/errors';
import { isUuid } from '../domain/ids';
import { assertCanChangeRole, assertCanLeave, assertCanRemove, assertCanTransfer, ROLE_ORDER } from '../domain/role-rules';
import { Membership } from '../entities/membership.entity';
import { Tenant } from '../entities/tenant.entity';
import { type Caller, recordAudit } from './audit-recorder';
import { assertLive, requireAccess } from './tenant-access';
import { type CommitHooks, inTransaction } from './transaction';

export interface MemberServiceDeps {
  em: EntityManager;
  hooks: CommitHooks;
}

/**
 * Members and their roles. Every change locks the tenant row first, then reads the
 * roles and owner count it decides on, so two concurrent demotions of the last two
 * owners cannot both succeed.
 */
export class MemberService {
  constructor(private readonly deps: MemberServiceDeps) {}

  /** Owners first, then admins, then members; earliest joined first within a role. */
  async list(tenantId: string): Promise<Membership[]> {
    const members = await this.deps.em.find(Membership, { tenantId }, { orderBy: { joinedAt: 'asc', userId: 'asc' } });
    return members.sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role]);
  }

  /**
   * Memberships of a user in live tenants. Another user's list is narrowed to tenants the
   * viewer shares with them, so following `Membership.user` never reveals foreign tenants.
   */
  async ofUser(userId: string, viewerId: string): Promise<Membership[]> {
    const memberships = await this.deps.em.find(Membership, { userId }, { orderBy: { joinedAt: 'asc' } });
    let visible = memberships;
    if (userId !== viewerId) {
      const shared = new Set(
        (await this.deps.em.find(Membership, { userId: viewerId, tenantId: { $in: memberships.map((m) => m.tenantId) } })).map(
          (m) => m.tenantId,
        ),
      );
      visible = memberships.filter((m) => shared.has(m.tenantId));
    }
    if (visible.length === 0) return [];
    const live = new Set(
      (await this.deps.em.find(Tenant, { id: { $in: visible.map((m) => m.tenantId) }, status: { $ne: 'DELETED' } })).map((t) => t.id),
    );
    return visible.filter((m) => live.has(m.tenantId));
  }

  async changeRole(caller: Caller, tenantId: string, userId: string, role: Role): Promise<Membership> {
    return inTransaction(this.deps.em, this.deps.hooks, async (tx, effects) => {
      const { tenant, membership: actor } = await requireAccess(tx, caller.userId, tenantId, 'MEMBER', true);
      assertLive(tenant);
      const target = await this.findMember(tx, tenantId, userId);
      assertCanChangeRole({ actor: actor.role, target: target.role, newRole: role, ownerCount: await this.ownerCount(tx, tenantId) }, tenantId);
      if (target.role === role) return target;
      target.role = role;
      recordAudit(tx, caller, { tenantId, action: 'member.role-change', targetType: 'membership', targetId: userId });
      effects.invalidate({ tenantId, userId, role });
      return target;
    });
  }

  async remove(caller: Caller, tenantId: string, userId: string): Promise<boolean> {
    return inTransaction(this.deps.em, this.deps.hooks, async (tx, effects) => {
      const { tenant, membership: actor } = await requireAccess(tx, caller.userId, tenantId, 'MEMBER', true);
      assertLive(tenant);
      const target = await this.findMember(tx, tenantId, userId);
      assertCanRemove({ actor: actor.role, target: target.role, ownerCount: await this.ownerCount(tx, tenantId) }, tenantId);
      tx.remove(target);
      recordAudit(tx, caller, { tenantId, action: 'member.remove', targetType: 'membership', targetId: userId });
      effects.invalidate({ tenantId, userId, role: null });
      return true;
    });
  }

  /** The current OWNER makes another member OWNER and becomes ADMIN; returns the new owner's membership. */
  async transferOwnership(caller: Caller, tenantId: string, userId: string): Promise<Membership> {
    return inTransaction(this.deps.em, this.deps.hooks, async (tx, effects) => {
      const { tenant, membership: actor } = await requireAccess(tx, caller.userId, tenantId, 'MEMBER', true);
      assertLive(tenant);
      assertCanTransfer(actor.role, tenantId);
      if (userId === caller.userId) throw new BadUserInputError('Choose another member to transfer ownership to.', 'userId');
      const target = await this.findMember(tx, tenantId, userId);
      target.role = 'OWNER';
      actor.role = 'ADMIN';
      recordAudit(tx, caller, { tenantId, action: 'tenant.ownership-transfer', targetType: 'membership', targetId: userId });
      effects.invalidate({ tenantId, userId, role: 'OWNER' });
      effects.invalidate({ tenantId, userId: caller.userId, role: 'ADMIN' });
      return target;
    });
  }

  /** Any member may leave, except the last OWNER. */
  async leave(caller: Caller, tenantId: string): Promise<boolean> {
    return inTransaction(this.deps.em, this.deps.hooks, async (tx, effects) => {
      const { membership } = await requireAccess(tx, caller.userId, tenantId, 'MEMBER', true);
      assertCanLeave(membership.role, await this.ownerCount(tx, tenantId));
      tx.remove(membership);
      recordAudit(tx, caller, { tenantId, action: 'member.leave', targetType: 'membership', targetId: caller.userId });
      effects.invalidate({ tenantId, userId: caller.userId, role: null });
      return true;
    });
  }

  /** A member looked up by user id: NOT_FOUND when that user is not in the tenant. */
  private async findMember(tx: EntityManager, tenantId: string, userId: string): Promise<Membership> {
    const member = isUuid(userId) ? await tx.findOne(Membership, { tenantId, userId }, { refresh: true }) : null;
    if (!member) throw new NotFoundError('Member', userId.slice(0, 64));
    return member;
  }

  private ownerCount(tx: EntityManager, tenantId: string): Promise<number> {
    return tx.count(Membership, { tenantId, role: 'OWNER' });
  }
}
