import { type Identity, identify, JwksClient, RedisRevocationList, TokenVerifier } from '@saas/auth';
import { authEnv, commonEnv, type Env, graphqlExposureEnv, metricsEnv, port, postgresCredentialUrl, redisEnv, z } from '@saas/config';
import { initOrm, type Orm, type OrmConfig, pingDatabase } from '@saas/db';
import type { ReadinessCheck } from '@saas/http';
import type { Logger } from '@saas/logger';
import { connectRedis, pingRedis, type RedisClient, redisKeys, type RedisKeys } from '@saas/redis';
import { trustedProxiesEnv } from './client-address';
import { gatewaySecretEnv } from './gateway-access';

/** Variables every subgraph reads; `name` gives the local default database and role. */
export function subgraphEnv(name: string, defaultPort: number) {
  return {
    ...commonEnv,
    ...redisEnv,
    ...authEnv,
    ...graphqlExposureEnv,
    PORT: port(defaultPort),
    /** `/metrics` and the detailed `/ready`: PORT + 5400 by default (auth 4001 -> 9401), on loopback. */
    ...metricsEnv(defaultPort + 5400),
    /**
     * Who may set `x-forwarded-for` (the gateway's address; addresses or CIDR subnets).
     * Anyone else is counted by rate limits and recorded in the audit log by its own address.
     */
    TRUSTED_PROXIES: trustedProxiesEnv(['127.0.0.1', '::1']),
    /** GraphQL requests one process serves at once; the next gets a fast 503 SERVICE_UNAVAILABLE. */
    MAX_IN_FLIGHT_REQUESTS: z.coerce.number().int().min(1).default(64),
    /** Shared with the gateway, which sends it with every fetch: only the gateway is served `_service`. */
    GATEWAY_SECRET: gatewaySecretEnv,
    // Dev default credentials, created by ops/services/ensure-services.sh; refused in production.
    DATABASE_URL: postgresCredentialUrl(`postgres://saas_${name}:saas_${name}_dev@127.0.0.1:5432/saas_${name}`),
  };
}

export type SubgraphEnv = Env<ReturnType<typeof subgraphEnv>>;

/** What every subgraph is connected to once started. */
export interface SubgraphPlatform {
  logger: Logger;
  orm: Orm;
  redis: RedisClient;
  keys: RedisKeys;
  revocations: RedisRevocationList;
  verifier: TokenVerifier;
  checks: ReadinessCheck[];
  identify: (authorization: string | undefined) => Promise<Identity>;
  close: () => Promise<void>;
}

export interface PlatformConfig {
  name: string;
  env: SubgraphEnv;
  entities: OrmConfig['entities'];
  migrations: OrmConfig['migrations'];
  logger: Logger;
}

/** Logger, database (migrated), Redis and token verification of a subgraph. */
export async function connectSubgraphPlatform({ name, env, entities, migrations, logger }: PlatformConfig): Promise<SubgraphPlatform> {
  const orm = await initOrm({ clientUrl: env.DATABASE_URL, entities, migrations, logger });
  const redis = await connectRedis({ url: env.REDIS_URL, logger, name: `${name}-subgraph`, failFast: true });
  const keys = redisKeys(env.REDIS_PREFIX);
  const revocations = new RedisRevocationList(redis, keys);
  const verifier = new TokenVerifier({
    jwks: new JwksClient(env.AUTH_JWKS_URL, logger),
    issuer: env.JWT_ISSUER,
    audience: env.JWT_AUDIENCE,
    revocations,
  });
  return {
    logger,
    orm,
    redis,
    keys,
    revocations,
    verifier,
    checks: [
      { name: 'postgres', check: () => pingDatabase(orm) },
      { name: 'redis', check: () => pingRedis(redis) },
    ],
    identify: (authorization) => identify(verifier, authorization),
    close: async () => {
      await orm.close();
      await redis.quit().catch(() => undefined);
    },
  };
}
