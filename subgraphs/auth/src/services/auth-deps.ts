import type { RedisRevocationList } from '@saas/auth';
import type { Logger } from '@saas/logger';
import type { Mailer } from '@saas/mail';
import type { IdentityMails } from '../mail/identity-mails';
import type { AccessTokenSigner } from './access-token-signer';
import type { AuthPolicy } from './auth-policy';
import type { PasswordHasher } from './password-hasher';
import type { PasswordResetMailer } from './password-reset-mailer';
import type { ProfileClient } from './profile-client';
import type { RateLimiter } from './rate-limiter';

/** Process-wide collaborators of the identity services, built once in main.ts. */
export interface AuthDeps {
  logger: Logger;
  policy: AuthPolicy;
  hasher: PasswordHasher;
  signer: AccessTokenSigner;
  /** The Redis deny-list, through RevocationSync in the service (a failed write forces a reload). */
  revocations: Pick<RedisRevocationList, 'revoke'>;
  limiter: RateLimiter;
  mailer: Mailer;
  mails: IdentityMails;
  profiles: ProfileClient;
  /** Mails the links of queued password reset requests. */
  resetMailer: Pick<PasswordResetMailer, 'wake'>;
  commonPasswords: ReadonlySet<string>;
}
