import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '@saas/auth';
import { UnauthenticatedError } from '@saas/errors';
import { Account } from '../entities/account.entity';
import type { AuthDeps } from './auth-deps';
import { sendInBackground } from './background-mail';
import { EmailTokenService } from './email-token.service';

/** Proving that the user reads the mailbox of their address. */
export class EmailVerificationService {
  private readonly emailTokens: EmailTokenService;

  constructor(
    private readonly em: EntityManager,
    private readonly deps: AuthDeps,
  ) {
    this.emailTokens = new EmailTokenService(em);
  }

  /** Sends a new link; nothing to do (but still true) when already verified. */
  async request(viewer: Viewer): Promise<boolean> {
    const account = await this.em.findOne(Account, { id: viewer.userId });
    if (!account) throw new UnauthenticatedError();
    if (account.emailVerifiedAt) return true;
    await this.deps.limiter.consume([{ rule: this.deps.policy.limits.resetPerEmail, subject: `verify:${account.emailKey}` }]);
    const ttl = this.deps.policy.verifyEmailTtlSeconds;
    const token = await this.emailTokens.issueNow(account, 'VERIFY_EMAIL', ttl);
    sendInBackground(this.deps, this.deps.mails.verifyEmail(account.email, token, ttl / 3600));
    return true;
  }

  /** Marks the address verified, if it is still the one the link was sent to. */
  async verify(token: string): Promise<boolean> {
    await this.em.transactional(async (em) => {
      const used = await this.emailTokens.consume(em, token, 'VERIFY_EMAIL');
      const account = await em.findOneOrFail(Account, { id: used.accountId });
      if (used.email === account.email) account.emailVerifiedAt ??= new Date();
    });
    return true;
  }
}
