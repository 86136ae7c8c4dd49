import { JwksClient, RedisRevocationList, TokenVerifier } from '@saas/auth';
import { exitOnStartupFailure, onShutdown } from '@saas/http';
import { createLogger, type Logger } from '@saas/logger';
import { connectRedis, pingRedis, redisKeys } from '@saas/redis';
import { environment, subgraphUrl } from './environment';
import { startGateway } from './gateway-server';

async function main(logger: Logger): Promise<void> {
  const redis = await connectRedis({ url: environment.REDIS_URL, logger, name: 'gateway' });
  const keys = redisKeys(environment.REDIS_PREFIX);
  const verifier = new TokenVerifier({
    jwks: new JwksClient(environment.AUTH_JWKS_URL, logger),
    issuer: environment.JWT_ISSUER,
    audience: environment.JWT_AUDIENCE,
    revocations: new RedisRevocationList(redis, keys),
  });
  const gateway = await startGateway({
    port: environment.PORT,
    host: environment.LISTEN_HOST,
    supergraphPath: environment.SUPERGRAPH_PATH,
    subgraphUrl,
    verifier,
    logger,
    checks: [{ name: 'redis', check: () => pingRedis(redis) }],
  });
  const publicUrl = environment.PUBLIC_URL ?? `http://localhost:${gateway.port}/graphql`;
  logger.info({ port: gateway.port, url: publicUrl }, 'gateway listening; open the URL in a browser for Apollo Sandbox');
  onShutdown(logger, [gateway.stop, () => redis.quit()]);
}

const logger = createLogger({ service: 'gateway', level: environment.LOG_LEVEL });
main(logger).catch(exitOnStartupFailure(logger));
