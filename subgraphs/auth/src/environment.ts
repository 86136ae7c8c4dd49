import { MAX_ACCESS_TOKEN_LIFETIME_SECONDS } from '@saas/auth';
import { httpUrl, loadEnvOrExit, z } from '@saas/config';
import { mailEnv } from '@saas/mail';
import { secretsKeyEnv } from '@saas/secrets';
import { subgraphEnv } from '@saas/subgraph';

const seconds = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const count = (fallback: number) => z.coerce.number().int().positive().default(fallback);

export const environment = loadEnvOrExit('auth-subgraph', {
  ...subgraphEnv('auth', 4001),
  /** Encrypts signing keys at rest; required in production (libs/secrets). */
  ...secretsKeyEnv,
  /** The user subgraph, which stores the display name given at sign-up. */
  USER_URL: httpUrl('http://127.0.0.1:4003/graphql'),
  ...mailEnv,
  /** Every verifier refuses an access token that lives longer than 15 minutes (libs/auth). */
  ACCESS_TOKEN_TTL_SECONDS: seconds(15 * 60).pipe(z.number().max(MAX_ACCESS_TOKEN_LIFETIME_SECONDS)),
  REFRESH_TOKEN_TTL_SECONDS: seconds(30 * 24 * 3600),
  /** A signing key older than this is replaced automatically (0 never rotates by age). */
  SIGNING_KEY_ROTATE_AFTER_SECONDS: z.coerce.number().int().min(0).default(30 * 24 * 3600),
  /**
   * A new key is published this long before it signs. Verifiers refetch the JWKS at most
   * every 5 s, so this must stay above 5 s for a rotation to go unnoticed.
   */
  SIGNING_KEY_PUBLISH_AHEAD_SECONDS: seconds(10),
  /**
   * Log-in throttling (OWASP): failures per (address, client IP) lock only that client out of
   * the address, so an attacker cannot lock the owner out; a slower account-wide limit stops
   * guessing spread over many IPs; every attempt of an IP counts against its own limit.
   */
  LOGIN_LIMIT_PER_EMAIL_AND_IP: count(10),
  LOGIN_LIMIT_WINDOW_SECONDS: seconds(15 * 60),
  LOGIN_LIMIT_PER_EMAIL: count(100),
  LOGIN_LIMIT_PER_EMAIL_WINDOW_SECONDS: seconds(3600),
  LOGIN_LIMIT_PER_IP: count(100),
  RESET_LIMIT_PER_EMAIL: count(5),
  RESET_LIMIT_PER_IP: count(20),
  RESET_LIMIT_WINDOW_SECONDS: seconds(3600),
  SIGNUP_LIMIT_PER_IP: count(30),
  SIGNUP_LIMIT_WINDOW_SECONDS: seconds(3600),
});

export type AuthEnvironment = typeof environment;
