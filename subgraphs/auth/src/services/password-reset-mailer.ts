import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Orm } from '@saas/db';
import type { MailMessage } from '@saas/mail';
import { Account } from '../entities/account.entity';
import { PasswordResetRequest } from '../entities/password-reset-request.entity';
import type { AuthDeps } from './auth-deps';
import { sendInBackground } from './background-mail';
import { EmailTokenService } from './email-token.service';

const BATCH = 20;
/** Fallback poll: requests written by another replica, or left by a crash. */
const POLL_INTERVAL_MS = 1_000;

export type ResetMailerDeps = Pick<AuthDeps, 'logger' | 'policy' | 'mailer' | 'mails'>;

/**
 * Turns queued password reset requests into links, after the request was answered: looking
 * the account up, issuing the token and mailing it happen here, so `requestPasswordReset`
 * does the same work (one queued row) for a known and an unknown address. Replicas share
 * the queue (`skip locked`); a request survives a crash until some replica handles it.
 */
export class PasswordResetMailer {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(
    private readonly orm: Orm,
    private readonly deps: ResetMailerDeps,
  ) {}

  start(): void {
    this.schedule(0);
  }

  /** Handles the queue soon; called after a request was committed. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Handles up to one batch in request order; returns how many requests it took. */
  async drainOnce(): Promise<number> {
    const mails: MailMessage[] = [];
    const ttl = this.deps.policy.resetPasswordTtlSeconds;
    const taken = await (this.orm.em.fork() as EntityManager).transactional(async (em) => {
      const requests = await em.find(PasswordResetRequest, {}, { orderBy: { id: 'asc' }, limit: BATCH, lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE });
      const tokens = new EmailTokenService(em);
      for (const request of requests) {
        const account = await em.findOne(Account, { emailKey: request.emailKey });
        if (account) mails.push(this.deps.mails.resetPassword(account.email, tokens.issue(em, account, 'RESET_PASSWORD', ttl), ttl / 3600));
        em.remove(request);
      }
      return requests.length;
    });
    // After commit: a mail never carries a token that was rolled back.
    for (const mail of mails) sendInBackground(this.deps, mail);
    return taken;
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.drainUntilEmpty().finally(() => {
        this.running = undefined;
        if (this.stopped) return;
        const again = this.again;
        this.again = false;
        this.schedule(again ? 0 : POLL_INTERVAL_MS);
      });
    }, delayMs);
    this.timer.unref();
  }

  private async drainUntilEmpty(): Promise<void> {
    try {
      while (!this.stopped && (await this.drainOnce()) === BATCH);
    } catch (error) {
      this.deps.logger.error({ err: error }, 'could not handle password reset requests; will retry');
    }
  }
}
