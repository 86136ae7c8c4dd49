import { randomUUID } from 'node:crypto';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '@saas/auth';
import type { Role } from '@saas/authz';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError, ServiceUnavailableError, TooManyRequestsError } from '@saas/errors';
import type { Logger } from '@saas/logger';
import type { Mailer } from '@saas/mail';
import { parseInviteEmail, sameMailbox } from '../domain/email';
import { isUuid } from '../domain/ids';
import { hashInvitationToken, INVITATION_TTL_MS, newInvitationToken } from '../domain/invitation-token';
import { assertCanInvite, requireRole } from '../domain/role-rules';
import { INVITATION_RATE_WINDOW_MS, retryAfterSeconds, type TenantQuotas } from '../domain/tenant-quotas';
import { Invitation } from '../entities/invitation.entity';
import { Membership } from '../entities/membership.entity';
import { Tenant } from '../entities/tenant.entity';
import { invitationMail } from '../mail/invitation-mail';
import type { EmailLookup } from './account-directory';
import { type Caller, recordAudit } from './audit-recorder';
import { assertLive, requireAccess } from './tenant-access';
import { type CommitHooks, inTransaction } from './transaction';

export interface InvitationServiceDeps {
  em: EntityManager;
  hooks: CommitHooks;
  mailer: Mailer;
  accounts: EmailLookup;
  /** Base of the link in the email. */
  appUrl: string;
  logger: Logger;
  /** Invitations one tenant may send per rolling hour (INVITATIONS_PER_TENANT_PER_HOUR). */
  quotas: Pick<TenantQuotas, 'invitationsPerHour'>;
}

/** What clients see: EXPIRED is a pending invitation past its date. */
export type InvitationStatus = 'PENDING' | 'ACCEPTED' | 'REVOKED' | 'EXPIRED';

export function invitationStatus(invitation: Invitation, now = new Date()): InvitationStatus {
  return invitation.status === 'PENDING' && invitation.expiresAt <= now ? 'EXPIRED' : invitation.status;
}

/** Emailed single-use invitations: sent, revoked, accepted by the invited address's account. */
export class InvitationService {
  constructor(private readonly deps: InvitationServiceDeps) {}

  /**
   * ADMIN and above; an OWNER invitation needs OWNER. Inviting an address again replaces
   * its pending invitation (the old link stops working). The email is sent before the
   * transaction commits: if the SMTP server refuses it, nothing is stored. At most
   * `invitationsPerHour` per tenant (every one sent counts, replaced or revoked since): past it,
   * TOO_MANY_REQUESTS with `retryAfter`.
   */
  async invite(caller: Caller, tenantId: string, rawEmail: string, role: Role): Promise<Invitation> {
    const email = parseInviteEmail(rawEmail, 'email');
    return inTransaction(this.deps.em, this.deps.hooks, async (tx) => {
      const { tenant, membership } = await requireAccess(tx, caller.userId, tenantId, 'MEMBER', true);
      assertLive(tenant);
      assertCanInvite(membership.role, role, tenantId);
      const now = new Date();
      await this.assertInvitationRate(tx, tenantId, now);
      const previous = await tx.find(Invitation, { tenantId, status: 'PENDING' });
      for (const old of previous.filter((i) => sameMailbox(i.email, email))) {
        old.status = 'REVOKED';
        old.revokedAt = now;
      }
      const { token, hash } = newInvitationToken();
      const invitation = tx.create(Invitation, {
        id: randomUUID(),
        tenantId,
        email,
        role,
        tokenHash: hash,
        status: 'PENDING',
        expiresAt: new Date(now.getTime() + INVITATION_TTL_MS),
        invitedBy: caller.userId,
        createdAt: now,
        acceptedBy: null,
        acceptedAt: null,
        revokedAt: null,
      });
      tx.persist(invitation);
      recordAudit(tx, caller, { tenantId, action: 'invitation.create', targetType: 'invitation', targetId: invitation.id });
      await tx.flush();
      await this.send(invitationMail(this.deps.appUrl, { to: email, tenantName: tenant.name, role, token, expiresAt: invitation.expiresAt }));
      return invitation;
    });
  }

  /** The tenant row is locked (requireAccess): invitations of one tenant are counted one at a time. */
  private async assertInvitationRate(tx: EntityManager, tenantId: string, now: Date): Promise<void> {
    const limit = this.deps.quotas.invitationsPerHour;
    const since = new Date(now.getTime() - INVITATION_RATE_WINDOW_MS);
    const recent = await tx.find(Invitation, { tenantId, createdAt: { $gt: since } }, { orderBy: { createdAt: 'asc' }, fields: ['createdAt'], limit: limit + 1 });
    const oldest = recent[0];
    if (recent.length >= limit && oldest) {
      throw new TooManyRequestsError(
        retryAfterSeconds(oldest.createdAt, INVITATION_RATE_WINDOW_MS, now),
        `This tenant has sent ${limit} invitations in the last hour, the most it may; try again later.`,
      );
    }
  }

  /** ADMIN and above (OWNER for an OWNER invitation); only a pending invitation can be revoked. */
  async revoke(caller: Caller, invitationId: string): Promise<Invitation> {
    // The rule (README, Security): malformed is BAD_USER_INPUT, unknown NOT_FOUND, and an
    // existing invitation of a tenant the caller is not in FORBIDDEN (from requireAccess).
    if (!isUuid(invitationId)) throw new BadUserInputError('Not a valid invitation id.', 'invitationId');
    const known = await this.deps.em.findOne(Invitation, { id: invitationId });
    if (!known) throw new NotFoundError('Invitation', invitationId);
    return inTransaction(this.deps.em, this.deps.hooks, async (tx) => {
      const { tenant, membership } = await requireAccess(tx, caller.userId, known.tenantId, 'ADMIN', true);
      assertLive(tenant);
      const invitation = await tx.findOneOrFail(Invitation, { id: invitationId }, { refresh: true });
      if (invitation.role === 'OWNER') requireRole(membership.role, 'OWNER', tenant.id);
      const status = invitationStatus(invitation);
      if (status !== 'PENDING') throw new ConflictError(`This invitation is ${status.toLowerCase()}.`, { invitationStatus: status });
      invitation.status = 'REVOKED';
      invitation.revokedAt = new Date();
      recordAudit(tx, caller, { tenantId: tenant.id, action: 'invitation.revoke', targetType: 'invitation', targetId: invitation.id });
      return invitation;
    });
  }

  /**
   * The token proves access to the invited mailbox; the account must also be that
   * address's (asked from auth at this moment), so a forwarded link is useless to others.
   */
  async accept(caller: Caller, viewer: Viewer, token: string): Promise<Membership> {
    const tokenHash = hashInvitationToken(token);
    const found = await this.deps.em.findOne(Invitation, { tokenHash });
    if (!found) throw new NotFoundError('Invitation');
    assertAcceptable(found);
    const email = await this.deps.accounts.emailOf(viewer);
    if (!sameMailbox(email, found.email)) {
      throw new ForbiddenError('This invitation was sent to another email address; sign in with that account to accept it.');
    }
    return inTransaction(this.deps.em, this.deps.hooks, async (tx, effects) => {
      // Tenant row first (the lock order of every membership change), then the invitation.
      await requireTenantLock(tx, found.tenantId);
      const invitation = await tx.findOneOrFail(Invitation, { id: found.id }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
      assertAcceptable(invitation);
      if (await tx.findOne(Membership, { tenantId: invitation.tenantId, userId: caller.userId }, { refresh: true })) {
        throw new ConflictError('You are already a member of this tenant.', { tenantId: invitation.tenantId });
      }
      const now = new Date();
      invitation.status = 'ACCEPTED';
      invitation.acceptedBy = caller.userId;
      invitation.acceptedAt = now;
      const membership = tx.create(Membership, { tenantId: invitation.tenantId, userId: caller.userId, role: invitation.role, joinedAt: now });
      tx.persist(membership);
      recordAudit(tx, caller, { tenantId: invitation.tenantId, action: 'invitation.accept', targetType: 'membership', targetId: caller.userId });
      effects.invalidate({ tenantId: invitation.tenantId, userId: caller.userId, role: invitation.role });
      return membership;
    });
  }

  /** Invitations not accepted nor revoked (expired ones included, shown as EXPIRED), newest first. */
  async pending(tenantId: string): Promise<Invitation[]> {
    return this.deps.em.find(Invitation, { tenantId, status: 'PENDING' }, { orderBy: { createdAt: 'desc' } });
  }

  private async send(message: Parameters<Mailer['send']>[0]): Promise<void> {
    try {
      await this.deps.mailer.send(message);
    } catch (error) {
      this.deps.logger.error({ err: error, to: message.to }, 'invitation email not sent');
      throw new ServiceUnavailableError('The invitation email could not be sent; try again.', { cause: error });
    }
  }
}

function assertAcceptable(invitation: Invitation): void {
  const status = invitationStatus(invitation);
  if (status === 'PENDING') return;
  const why = { ACCEPTED: 'has already been used', REVOKED: 'has been revoked', EXPIRED: 'has expired' }[status];
  throw new ConflictError(`This invitation ${why}.`, { invitationStatus: status });
}

async function requireTenantLock(tx: EntityManager, tenantId: string): Promise<void> {
  const tenant = await tx.findOne(Tenant, { id: tenantId }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
  if (!tenant || tenant.status === 'DELETED') throw new ConflictError('This tenant has been deleted.', { tenantId });
}
