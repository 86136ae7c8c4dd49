import './telemetry';
import type { EntityManager } from '@mikro-orm/postgresql';
import { graphqlExposure } from '@saas/config';
import { exitOnStartupFailure, onShutdown } from '@saas/http';
import { createLogger, type Logger } from '@saas/logger';
import { createMailer } from '@saas/mail';
import { parseSecretsKey } from '@saas/secrets';
import { connectSubgraphPlatform, startSubgraphServer } from '@saas/subgraph';
import { shutdownTelemetry } from '@saas/telemetry';
import { createContextFactory } from './context';
import { commonPasswords } from './domain/common-passwords';
import { environment } from './environment';
import { jwksRoute } from './jwks-route';
import { IdentityMails } from './mail/identity-mails';
import { entities, migrations } from './mikro-orm.config';
import { resolvers } from './resolvers';
import { AccessTokenSigner } from './services/access-token-signer';
import type { AuthDeps } from './services/auth-deps';
import { authPolicyFrom } from './services/auth-policy';
import { startHousekeeping } from './services/housekeeping';
import { PasswordHasher } from './services/password-hasher';
import { PasswordResetMailer } from './services/password-reset-mailer';
import { ProfileClient } from './services/profile-client';
import { RateLimiter } from './services/rate-limiter';
import { RevocationSync } from './services/revocation-sync';
import { SigningKeyService } from './services/signing-keys.service';

async function main(logger: Logger): Promise<void> {
  const platform = await connectSubgraphPlatform({ name: 'auth', env: environment, entities, migrations, logger });
  const policy = authPolicyFrom(environment);
  const keyPolicy = {
    secretsKey: parseSecretsKey(environment.SECRETS_KEY),
    accessTokenTtlSeconds: policy.accessTokenTtlSeconds,
    publishAheadSeconds: environment.SIGNING_KEY_PUBLISH_AHEAD_SECONDS,
  };
  await new SigningKeyService(platform.orm.em.fork() as EntityManager, keyPolicy).ensureKey();
  const mailer = createMailer({ smtpUrl: environment.SMTP_URL, from: environment.MAIL_FROM, logger, mailDir: environment.MAIL_DIR });
  // Before serving: every verifier refuses tokens until the deny-list is loaded.
  const revocationSync = new RevocationSync({
    orm: platform.orm,
    redis: platform.redis,
    revocations: platform.revocations,
    accessTokenTtlSeconds: policy.accessTokenTtlSeconds,
    logger,
  });
  await revocationSync.start();
  const mails = new IdentityMails(environment.PUBLIC_APP_URL);
  const resetMailer = new PasswordResetMailer(platform.orm, { logger, policy, mailer, mails });
  const deps: AuthDeps = {
    logger,
    policy,
    hasher: await PasswordHasher.create(),
    signer: new AccessTokenSigner(platform.orm, keyPolicy.secretsKey, {
      issuer: environment.JWT_ISSUER,
      audience: environment.JWT_AUDIENCE,
      ttlSeconds: policy.accessTokenTtlSeconds,
    }),
    revocations: revocationSync,
    limiter: new RateLimiter(platform.redis, platform.keys),
    mailer,
    mails,
    profiles: new ProfileClient(environment.USER_URL, logger),
    resetMailer,
    commonPasswords: commonPasswords(),
  };
  const subgraph = await startSubgraphServer({
    name: 'auth',
    port: environment.PORT,
    host: environment.LISTEN_HOST,
    operations: { port: environment.METRICS_PORT, host: environment.METRICS_HOST },
    trustedProxies: environment.TRUSTED_PROXIES,
    exposure: graphqlExposure(environment),
    maxInFlight: environment.MAX_IN_FLIGHT_REQUESTS,
    gatewaySecret: environment.GATEWAY_SECRET,
    logger,
    resolvers,
    checks: platform.checks,
    context: createContextFactory(platform, deps),
    routes: jwksRoute(platform.orm, keyPolicy, logger),
  });
  resetMailer.start();
  const housekeeping = startHousekeeping({
    orm: platform.orm,
    keys: keyPolicy,
    rotateAfterSeconds: environment.SIGNING_KEY_ROTATE_AFTER_SECONDS,
    logger,
  });
  onShutdown(logger, [subgraph.stop, resetMailer.stop, housekeeping.stop, () => revocationSync.stop(), async () => mailer.close(), platform.close, shutdownTelemetry]);
}

const logger = createLogger({ service: 'auth-subgraph', level: environment.LOG_LEVEL });
main(logger).catch(exitOnStartupFailure(logger));
