import { randomUUID } from 'node:crypto';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '@saas/auth';
import { BadUserInputError, ConflictError, ServiceUnavailableError, UnauthenticatedError } from '@saas/errors';
import { emailKey, normaliseEmail } from '../domain/email';
import { checkPasswordPolicy } from '../domain/password-policy';
import { Account } from '../entities/account.entity';
import type { AuthDeps } from './auth-deps';
import { sendInBackground } from './background-mail';
import { writingCredentials } from './credential-writes';
import { EmailTokenService } from './email-token.service';
import { type AuthPayloadView, SessionService } from './session.service';

export interface SignUpInput {
  email: string;
  password: string;
  displayName: string;
}

const WRONG_CREDENTIALS = 'Email or password is incorrect.';

/** Accounts: sign up, log in, change password. */
export class AccountService {
  private readonly sessions: SessionService;
  private readonly emailTokens: EmailTokenService;

  constructor(
    private readonly em: EntityManager,
    private readonly deps: AuthDeps,
  ) {
    this.sessions = new SessionService(em, deps);
    this.emailTokens = new EmailTokenService(em);
  }

  /**
   * Creates the account, its first session and its profile (the display name, stored by the
   * user subgraph over HTTP with the new user's own token) in one transaction: if the
   * profile cannot be stored, nothing is committed.
   */
  async signUp(input: SignUpInput, clientIp: string): Promise<AuthPayloadView> {
    const email = normaliseEmail(input.email, 'input.email');
    checkPasswordPolicy(input.password, 'input.password', this.deps.commonPasswords);
    await this.deps.limiter.consume([{ rule: this.deps.policy.limits.signUpPerIp, subject: clientIp }]);
    if ((await this.em.count(Account, { emailKey: emailKey(email) })) > 0) throw this.duplicate();
    const passwordHash = await this.deps.hasher.hash(input.password);
    let verificationToken = '';
    let payload: AuthPayloadView;
    try {
      payload = await writingCredentials(() => this.em.transactional(async (em) => {
        const now = new Date();
        const account = em.create(Account, {
          id: randomUUID(),
          email,
          emailKey: emailKey(email),
          passwordHash,
          staff: false,
          createdAt: now,
          updatedAt: now,
        });
        const opened = this.sessions.open(em, account.id, now);
        verificationToken = this.emailTokens.issue(em, account, 'VERIFY_EMAIL', this.deps.policy.verifyEmailTtlSeconds, now);
        // Inserted before the profile call, so a concurrent duplicate fails here, not after.
        await em.flush();
        const signedIn = await this.sessions.payload(account, opened);
        await this.deps.profiles.setDisplayName(signedIn.accessToken, input.displayName);
        return signedIn;
      }), isUniqueViolation);
    } catch (error) {
      if (isUniqueViolation(error)) throw this.duplicate();
      // Domain errors are not logged by the API edge; an outage of the user subgraph should be.
      if (error instanceof ServiceUnavailableError) this.deps.logger.warn({ err: error.cause }, 'sign-up rolled back: profile not stored');
      throw error;
    }
    sendInBackground(this.deps, this.deps.mails.verifyEmail(email, verificationToken, this.deps.policy.verifyEmailTtlSeconds / 3600));
    return payload;
  }

  /**
   * A wrong email and a wrong password are the same error after the same work: an unknown
   * email is checked against a dummy hash. Attempts count per (email, client IP), per email
   * and per client IP (see {@link countAttempt}).
   */
  async logIn(rawEmail: string, password: string, clientIp: string): Promise<AuthPayloadView> {
    const key = emailKey(normaliseEmail(rawEmail));
    await this.countAttempt(key, clientIp);
    const account = await this.em.findOne(Account, { emailKey: key });
    const check = account ? await this.deps.hasher.verify(account.passwordHash, password) : await this.deps.hasher.verifyNobody(password);
    if (!account || !check.ok) throw new UnauthenticatedError(WRONG_CREDENTIALS);
    await this.forgiveAttempt(key, clientIp);
    return writingCredentials(() => this.em.transactional(async (em) => {
      // Parameters changed since this hash was made: upgrade it now that we know the password.
      if (check.needsRehash) account.passwordHash = await this.deps.hasher.hash(password);
      const opened = this.sessions.open(em, account.id);
      await em.flush();
      return this.sessions.payload(account, opened);
    }));
  }

  /** Needs the current password; every other session of the user is signed out. */
  async changePassword(viewer: Viewer, currentPassword: string, newPassword: string, clientIp: string): Promise<boolean> {
    checkPasswordPolicy(newPassword, 'newPassword', this.deps.commonPasswords);
    const account = await this.em.findOne(Account, { id: viewer.userId });
    if (!account) throw new UnauthenticatedError();
    // A stolen access token must not become a way to guess the password: the log-in limits apply.
    await this.countAttempt(account.emailKey, clientIp);
    const check = await this.deps.hasher.verify(account.passwordHash, currentPassword);
    if (!check.ok) {
      throw new BadUserInputError('Current password is incorrect.', 'currentPassword', { reason: 'WRONG_PASSWORD' });
    }
    await this.forgiveAttempt(account.emailKey, clientIp);
    const passwordHash = await this.deps.hasher.hash(newPassword);
    const revoked = await writingCredentials(() => this.em.transactional(async (em) => {
      account.passwordHash = passwordHash;
      await this.emailTokens.voidOpen(em, account.id, 'RESET_PASSWORD');
      return this.sessions.revokeAccountIn(em, account.id, 'PASSWORD_CHANGED', viewer.sessionId);
    }));
    await this.sessions.denyAccessTokens(revoked);
    return true;
  }

  /**
   * Counted before the password is checked, so concurrent guesses cannot slip past a limit.
   * Ten failures of one client lock only that client out of the address: an attacker cannot
   * lock the owner out. Guessing from many addresses meets the slower account-wide limit.
   */
  private async countAttempt(key: string, clientIp: string): Promise<void> {
    const { loginPerEmailAndIp, loginPerEmail, loginPerIp } = this.deps.policy.limits;
    await this.deps.limiter.consume([
      { rule: loginPerEmailAndIp, subject: clientSubject(key, clientIp) },
      { rule: loginPerEmail, subject: key },
      { rule: loginPerIp, subject: clientIp },
    ]);
  }

  /** The right password: this client's failures are forgiven and the account counts only failures. */
  private async forgiveAttempt(key: string, clientIp: string): Promise<void> {
    const { loginPerEmailAndIp, loginPerEmail } = this.deps.policy.limits;
    await Promise.all([
      this.deps.limiter.reset(loginPerEmailAndIp, clientSubject(key, clientIp)),
      this.deps.limiter.refund(loginPerEmail, key),
    ]);
  }

  private duplicate(): ConflictError {
    return new ConflictError('An account with this email address already exists.', { field: 'input.email' });
  }
}

function clientSubject(key: string, clientIp: string): string {
  // A newline cannot occur in a normalised address, so the pair is unambiguous.
  return `${key}\n${clientIp}`;
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof UniqueConstraintViolationException;
}
