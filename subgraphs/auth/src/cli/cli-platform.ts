import type { EntityManager } from '@mikro-orm/postgresql';
import { createLogger } from '@saas/logger';
import { parseSecretsKey } from '@saas/secrets';
import { connectSubgraphPlatform, type SubgraphPlatform } from '@saas/subgraph';
import { environment } from '../environment';
import { entities, migrations } from '../mikro-orm.config';
import { AccessTokenSigner } from '../services/access-token-signer';
import { authPolicyFrom } from '../services/auth-policy';
import { SessionService } from '../services/session.service';
import { type SigningKeyPolicy, SigningKeyService } from '../services/signing-keys.service';

export interface CommandContext {
  em: EntityManager;
  platform: SubgraphPlatform;
  sessions: SessionService;
  signingKeys: SigningKeyService;
}

/**
 * Runs an operator command against the auth database and Redis named by the same
 * environment as the service (DATABASE_URL, REDIS_URL, REDIS_PREFIX, SECRETS_KEY ...).
 * Prints the result, or the error and exit status 1.
 */
export async function runCommand(work: (context: CommandContext) => Promise<string>): Promise<void> {
  const logger = createLogger({ service: 'auth-cli', level: 'warn' });
  let platform: SubgraphPlatform | undefined;
  try {
    platform = await connectSubgraphPlatform({ name: 'auth', env: environment, entities, migrations, logger });
    const em = platform.orm.em.fork() as EntityManager;
    const policy = authPolicyFrom(environment);
    const keys: SigningKeyPolicy = {
      secretsKey: parseSecretsKey(environment.SECRETS_KEY),
      accessTokenTtlSeconds: policy.accessTokenTtlSeconds,
      publishAheadSeconds: environment.SIGNING_KEY_PUBLISH_AHEAD_SECONDS,
    };
    const signer = new AccessTokenSigner(platform.orm, keys.secretsKey, {
      issuer: environment.JWT_ISSUER,
      audience: environment.JWT_AUDIENCE,
      ttlSeconds: policy.accessTokenTtlSeconds,
    });
    const sessions = new SessionService(em, { policy, signer, revocations: platform.revocations, logger });
    console.log(await work({ em, platform, sessions, signingKeys: new SigningKeyService(em, keys) }));
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  } finally {
    await platform?.close();
  }
}
