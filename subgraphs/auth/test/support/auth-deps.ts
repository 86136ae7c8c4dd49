import { RedisRevocationList } from '@saas/auth';
import type { Orm } from '@saas/db';
import { createLogger } from '@saas/logger';
import { createMailer, type Mailer } from '@saas/mail';
import { type RedisClient, redisKeys } from '@saas/redis';
import { DEV_SECRETS_KEY, parseSecretsKey } from '@saas/secrets';
import { commonPasswords } from '../../src/domain/common-passwords';
import type { AuthEnvironment } from '../../src/environment';
import { IdentityMails } from '../../src/mail/identity-mails';
import { AccessTokenSigner } from '../../src/services/access-token-signer';
import type { AuthDeps } from '../../src/services/auth-deps';
import { authPolicyFrom } from '../../src/services/auth-policy';
import { PasswordHasher } from '../../src/services/password-hasher';
import { ProfileClient } from '../../src/services/profile-client';
import { RateLimiter } from '../../src/services/rate-limiter';

/** The environment defaults of the lifetimes and limits (src/environment.ts). */
export const DEFAULT_POLICY_ENV = {
  ACCESS_TOKEN_TTL_SECONDS: 900,
  REFRESH_TOKEN_TTL_SECONDS: 30 * 24 * 3600,
  LOGIN_LIMIT_PER_EMAIL_AND_IP: 10,
  LOGIN_LIMIT_WINDOW_SECONDS: 900,
  LOGIN_LIMIT_PER_EMAIL: 100,
  LOGIN_LIMIT_PER_EMAIL_WINDOW_SECONDS: 3600,
  LOGIN_LIMIT_PER_IP: 100,
  RESET_LIMIT_PER_EMAIL: 5,
  RESET_LIMIT_PER_IP: 20,
  RESET_LIMIT_WINDOW_SECONDS: 3600,
  SIGNUP_LIMIT_PER_IP: 30,
  SIGNUP_LIMIT_WINDOW_SECONDS: 3600,
};

export interface AuthTestDepsOptions {
  orm: Orm;
  redis: RedisClient;
  /** Redis key prefix of the test file (deleted by it afterwards). */
  prefix: string;
  mailDir: string;
  policy?: Partial<typeof DEFAULT_POLICY_ENV>;
  mailer?: Mailer;
  resetMailer?: AuthDeps['resetMailer'];
}

/**
 * The collaborators main.ts builds, for tests: mails are .eml files in `mailDir`, and nothing
 * listens at the user subgraph's address (a sign-up fails as a whole). The signing key must exist.
 */
export async function authTestDeps({ orm, redis, prefix, mailDir, policy, mailer, resetMailer }: AuthTestDepsOptions): Promise<AuthDeps> {
  const logger = createLogger({ service: 'auth-test', level: 'silent' });
  const keys = redisKeys(prefix);
  return {
    logger,
    policy: authPolicyFrom({ ...DEFAULT_POLICY_ENV, ...policy } as AuthEnvironment),
    hasher: await PasswordHasher.create(),
    signer: new AccessTokenSigner(orm, parseSecretsKey(DEV_SECRETS_KEY), { issuer: 'iss', audience: 'aud', ttlSeconds: 900 }),
    revocations: new RedisRevocationList(redis, keys),
    limiter: new RateLimiter(redis, keys),
    mailer: mailer ?? createMailer({ from: 'test@example.test', logger, mailDir }),
    mails: new IdentityMails('https://app.example.test'),
    profiles: new ProfileClient('http://127.0.0.1:9/graphql', logger),
    commonPasswords: commonPasswords(),
    resetMailer: resetMailer ?? { wake: () => undefined },
  };
}
