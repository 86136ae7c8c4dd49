import type { EntityManager } from '@mikro-orm/postgresql';
import { emailKey, normaliseEmail } from '../domain/email';
import { checkPasswordPolicy } from '../domain/password-policy';
import { Account } from '../entities/account.entity';
import { PasswordResetRequest } from '../entities/password-reset-request.entity';
import type { AuthDeps } from './auth-deps';
import { writingCredentials } from './credential-writes';
import { EmailTokenService } from './email-token.service';
import { SessionService } from './session.service';

/** "Forgot password": a single-use link by email, then a new password that signs out everywhere. */
export class PasswordResetService {
  private readonly emailTokens: EmailTokenService;
  private readonly sessions: SessionService;

  constructor(
    private readonly em: EntityManager,
    private readonly deps: AuthDeps,
  ) {
    this.emailTokens = new EmailTokenService(em);
    this.sessions = new SessionService(em, deps);
  }

  /**
   * Answers the same, after the same work, whether or not the account exists: the request is
   * queued either way, and the reset mailer (password-reset-mailer) looks the account up and
   * mails an existing one its link afterwards. Nothing here depends on the account.
   */
  async request(rawEmail: string, clientIp: string): Promise<boolean> {
    const key = emailKey(normaliseEmail(rawEmail));
    const { resetPerEmail, resetPerIp } = this.deps.policy.limits;
    await this.deps.limiter.consume([
      { rule: resetPerEmail, subject: key },
      { rule: resetPerIp, subject: clientIp },
    ]);
    await this.em.insert(PasswordResetRequest, { emailKey: key, requestedAt: new Date() });
    this.deps.resetMailer.wake();
    return true;
  }

  /**
   * Sets the new password, voids the other reset links and revokes every session. Following
   * the link also proves the mailbox, so an unverified address becomes verified.
   */
  async reset(token: string, newPassword: string, clientIp: string): Promise<boolean> {
    await this.deps.limiter.consume([{ rule: this.deps.policy.limits.resetPerIp, subject: clientIp }]);
    checkPasswordPolicy(newPassword, 'newPassword', this.deps.commonPasswords);
    const passwordHash = await this.deps.hasher.hash(newPassword);
    const revoked = await writingCredentials(() => this.em.transactional(async (em) => {
      const used = await this.emailTokens.consume(em, token, 'RESET_PASSWORD');
      const account = await em.findOneOrFail(Account, { id: used.accountId });
      account.passwordHash = passwordHash;
      if (!account.emailVerifiedAt && used.email === account.email) account.emailVerifiedAt = new Date();
      await this.emailTokens.voidOpen(em, account.id, 'RESET_PASSWORD');
      return this.sessions.revokeAccountIn(em, account.id, 'PASSWORD_RESET');
    }));
    await this.sessions.denyAccessTokens(revoked);
    return true;
  }
}
