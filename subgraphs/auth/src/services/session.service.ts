import { randomUUID } from 'node:crypto';
import { LockMode, type ObjectQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '@saas/auth';
import { UnauthenticatedError } from '@saas/errors';
import { hashOpaqueToken, newOpaqueToken } from '../domain/opaque-token';
import { Account } from '../entities/account.entity';
import { RefreshToken } from '../entities/refresh-token.entity';
import { Session, type SessionRevokeReason } from '../entities/session.entity';
import { type AccountView, accountView } from './account-view';
import type { AuthDeps } from './auth-deps';
import { REVOCATION_SKEW_SECONDS } from './revocation-sync';

/** What sessions need of the process-wide collaborators (the staff CLI builds just these). */
export type SessionDeps = Pick<AuthDeps, 'policy' | 'signer' | 'revocations' | 'logger'>;

/** What every sign-in mutation answers (`AuthPayload`). */
export interface AuthPayloadView {
  accessToken: string;
  refreshToken: string;
  expiresAt: string;
  user: AccountView;
}

export interface OpenedSession {
  session: Session;
  refreshToken: string;
}

type RefreshOutcome = { ok: true; payload: AuthPayloadView } | { ok: false; revoked: string | null };

/** Sessions (token families): open, refresh with rotation and reuse detection, revoke. */
export class SessionService {
  constructor(
    private readonly em: EntityManager,
    private readonly deps: SessionDeps,
  ) {}

  /** Adds a session and its first refresh token to `em` (the caller's transaction flushes them). */
  open(em: EntityManager, accountId: string, now = new Date()): OpenedSession {
    const expiresAt = this.refreshExpiry(now);
    const session = em.create(Session, { id: randomUUID(), accountId, createdAt: now, lastRefreshedAt: now, expiresAt });
    return { session, refreshToken: this.addRefreshToken(em, session.id, expiresAt, now) };
  }

  /** Signs an access token for the session and assembles the payload. */
  async payload(account: Account, opened: OpenedSession): Promise<AuthPayloadView> {
    const signed = await this.deps.signer.sign({ userId: account.id, sessionId: opened.session.id, staff: account.staff });
    return { accessToken: signed.token, refreshToken: opened.refreshToken, expiresAt: signed.expiresAt.toISOString(), user: accountView(account) };
  }

  /**
   * Exchanges a refresh token for new tokens. The token is locked, so two concurrent uses
   * are seen as one use and one reuse. A reused token means it was copied: its whole
   * session is revoked.
   */
  async refresh(refreshToken: string, now = new Date()): Promise<AuthPayloadView> {
    const tokenHash = hashOpaqueToken(refreshToken);
    const outcome = await this.em.transactional(async (em): Promise<RefreshOutcome> => {
      const token = await em.findOne(RefreshToken, { tokenHash }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!token) return { ok: false, revoked: null };
      const session = await em.findOneOrFail(Session, { id: token.sessionId });
      if (token.usedAt) {
        if (session.revokedAt) return { ok: false, revoked: null };
        this.markRevoked(session, 'REFRESH_TOKEN_REUSED', now);
        return { ok: false, revoked: session.id };
      }
      if (session.revokedAt || token.expiresAt <= now || session.expiresAt <= now) return { ok: false, revoked: null };
      const account = await em.findOneOrFail(Account, { id: session.accountId });
      token.usedAt = now;
      session.lastRefreshedAt = now;
      session.expiresAt = this.refreshExpiry(now);
      const next = this.addRefreshToken(em, session.id, session.expiresAt, now);
      await em.flush();
      // Signed before commit: if signing fails, the old token stays usable.
      return { ok: true, payload: await this.payload(account, { session, refreshToken: next }) };
    });
    if (outcome.ok) return outcome.payload;
    if (outcome.revoked) {
      await this.denyAccessTokens([outcome.revoked]);
      this.deps.logger.warn({ sessionId: outcome.revoked }, 'refresh token reused; session revoked');
    }
    throw new UnauthenticatedError('Refresh token is invalid, expired or already used.');
  }

  /**
   * Ends the session of the caller's access token and/or of the given refresh token (a
   * client whose access token expired can still sign out). Needs at least one of them.
   */
  async logOut(viewer: Viewer | null, refreshToken: string | null | undefined): Promise<boolean> {
    const sessionIds = new Set<string>();
    if (viewer) sessionIds.add(viewer.sessionId);
    if (refreshToken) {
      const token = await this.em.findOne(RefreshToken, { tokenHash: hashOpaqueToken(refreshToken) });
      if (token) sessionIds.add(token.sessionId);
      else if (!viewer) throw new UnauthenticatedError('Refresh token is invalid.');
    }
    if (sessionIds.size === 0) throw new UnauthenticatedError();
    await this.revoke([...sessionIds], 'LOGOUT');
    return true;
  }

  /** Ends every session of the caller, this one included. */
  async logOutEverywhere(viewer: Viewer): Promise<boolean> {
    await this.revokeAccount(viewer.userId, 'LOGOUT_EVERYWHERE');
    return true;
  }

  /** Revokes sessions at once: refresh refused from now on, access tokens refused on the next request. */
  async revoke(sessionIds: readonly string[], reason: SessionRevokeReason): Promise<void> {
    const revoked = await this.em.transactional((em) => this.revokeIn(em, { id: { $in: [...sessionIds] } }, reason));
    await this.denyAccessTokens(revoked);
  }

  /** Revokes every live session of an account except `keep`. */
  async revokeAccount(accountId: string, reason: SessionRevokeReason, keep?: string): Promise<void> {
    const revoked = await this.em.transactional((em) => this.revokeAccountIn(em, accountId, reason, keep));
    await this.denyAccessTokens(revoked);
  }

  /**
   * The database half of {@link revokeAccount}, inside the caller's transaction; call
   * {@link denyAccessTokens} with the result after it commits.
   */
  async revokeAccountIn(em: EntityManager, accountId: string, reason: SessionRevokeReason, keep?: string): Promise<string[]> {
    return this.revokeIn(em, keep ? { accountId, id: { $ne: keep } } : { accountId }, reason);
  }

  /** Puts sessions on the Redis deny-list every service checks. */
  async denyAccessTokens(sessionIds: readonly string[]): Promise<void> {
    await this.deps.revocations.revoke(sessionIds, this.deps.policy.accessTokenTtlSeconds + REVOCATION_SKEW_SECONDS);
  }

  private async revokeIn(em: EntityManager, where: ObjectQuery<Session>, reason: SessionRevokeReason): Promise<string[]> {
    const now = new Date();
    const sessions = await em.find(Session, { ...where, revokedAt: null });
    for (const session of sessions) this.markRevoked(session, reason, now);
    await em.flush();
    return sessions.map((session) => session.id);
  }

  private markRevoked(session: Session, reason: SessionRevokeReason, now: Date): void {
    session.revokedAt = now;
    session.revokeReason = reason;
  }

  private addRefreshToken(em: EntityManager, sessionId: string, expiresAt: Date, now: Date): string {
    const token = newOpaqueToken();
    em.create(RefreshToken, { tokenHash: hashOpaqueToken(token), sessionId, createdAt: now, expiresAt });
    return token;
  }

  private refreshExpiry(now: Date): Date {
    return new Date(now.getTime() + this.deps.policy.refreshTokenTtlSeconds * 1000);
  }
}
