import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { BadUserInputError } from '@saas/errors';
import { hashOpaqueToken, newOpaqueToken } from '../domain/opaque-token';
import type { Account } from '../entities/account.entity';
import { EmailToken, type EmailTokenPurpose } from '../entities/email-token.entity';

/** Single-use, expiring tokens sent by email (verification, password reset), stored hashed. */
export class EmailTokenService {
  constructor(private readonly em: EntityManager) {}

  /** A new token for the account's current address; the raw token goes into the mail only. */
  issue(em: EntityManager, account: Account, purpose: EmailTokenPurpose, ttlSeconds: number, now = new Date()): string {
    const token = newOpaqueToken();
    em.create(EmailToken, {
      tokenHash: hashOpaqueToken(token),
      accountId: account.id,
      purpose,
      email: account.email,
      createdAt: now,
      expiresAt: new Date(now.getTime() + ttlSeconds * 1000),
    });
    return token;
  }

  /**
   * Marks a token used inside the caller's transaction and returns it. Unknown, expired,
   * used or other-purpose tokens all give the same BAD_USER_INPUT.
   */
  async consume(em: EntityManager, token: string, purpose: EmailTokenPurpose, now = new Date()): Promise<EmailToken> {
    const found = await em.findOne(EmailToken, { tokenHash: hashOpaqueToken(token) }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!found || found.purpose !== purpose || found.usedAt || found.expiresAt <= now) {
      throw new BadUserInputError('This link is invalid, expired or already used.', 'token', { reason: 'INVALID_TOKEN' });
    }
    found.usedAt = now;
    return found;
  }

  /** Voids every open token of a purpose (a new password voids pending reset links). */
  async voidOpen(em: EntityManager, accountId: string, purpose: EmailTokenPurpose, now = new Date()): Promise<void> {
    await em.nativeUpdate(EmailToken, { accountId, purpose, usedAt: null }, { usedAt: now });
  }

  /** Same as {@link issue}, in a transaction of its own. */
  async issueNow(account: Account, purpose: EmailTokenPurpose, ttlSeconds: number): Promise<string> {
    return this.em.transactional(async (em) => this.issue(em, account, purpose, ttlSeconds));
  }
}
