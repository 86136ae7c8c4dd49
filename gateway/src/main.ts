import './telemetry';
import { JwksClient, RedisRevocationList, TokenVerifier } from '@saas/auth';
import { MembershipCache, TenantAuthorizer } from '@saas/authz';
import { enabledUnlessProduction, graphqlExposure } from '@saas/config';
import { exitOnStartupFailure, onShutdown } from '@saas/http';
import { createLogger, type Logger } from '@saas/logger';
import { connectRedis, pingRedis, redisKeys } from '@saas/redis';
import { observedGauge, shutdownTelemetry } from '@saas/telemetry';
import { environment, queryLimits, subgraphUrl } from './environment';
import { startGateway } from './gateway-server';
import { InstanceLogStreams } from './live/instance-log-streams';
import { startLiveServer } from './live/live-server';
import { RedisResumePoints } from './live/resume-points';
import { TenantEventHub } from './live/tenant-event-hub';
import { corsOrigins } from './web/cors';

async function main(logger: Logger): Promise<void> {
  const redis = await connectRedis({ url: environment.REDIS_URL, logger, name: 'gateway', failFast: true });
  const keys = redisKeys(environment.REDIS_PREFIX);
  const verifier = new TokenVerifier({
    jwks: new JwksClient(environment.AUTH_JWKS_URL, logger),
    issuer: environment.JWT_ISSUER,
    audience: environment.JWT_AUDIENCE,
    revocations: new RedisRevocationList(redis, keys),
  });
  const limits = queryLimits();
  const gateway = await startGateway({
    limits,
    exposure: graphqlExposure(environment),
    gatewaySecret: environment.GATEWAY_SECRET,
    port: environment.PORT,
    host: environment.LISTEN_HOST,
    operations: { port: environment.METRICS_PORT, host: environment.METRICS_HOST },
    supergraphPath: environment.SUPERGRAPH_PATH,
    subgraphUrl,
    verifier,
    trustedProxies: environment.TRUSTED_PROXIES,
    logger,
    checks: [{ name: 'redis', check: () => pingRedis(redis) }],
    web: {
      consoleDir: environment.CONSOLE_DIR,
      explorerEnabled: enabledUnlessProduction(environment.NODE_ENV, environment.EXPLORER_ENABLED),
      corsOrigins: corsOrigins(environment.CORS_ORIGINS, environment.PUBLIC_URL ?? `http://localhost:${environment.PORT}/graphql`),
    },
  });
  const live = await startLiveServer({
    httpServer: gateway.server,
    path: '/graphql',
    apollo: gateway.apollo,
    schema: gateway.apiSchema,
    verifier,
    authorizer: new TenantAuthorizer({
      cache: new MembershipCache(redis, keys),
      tenantUrl: environment.TENANT_URL,
      logger,
    }),
    hub: (handlers) => TenantEventHub.start(redis, keys, logger, handlers),
    logs: (schema) => InstanceLogStreams.start(redis, keys, schema, logger),
    logger,
    limits,
    maxSocketsPerUser: environment.MAX_SOCKETS_PER_USER,
    maxQueuedEvents: environment.LIVE_MAX_QUEUED_EVENTS,
    resumePoints: new RedisResumePoints(redis, keys),
    trustedProxies: environment.TRUSTED_PROXIES,
    formatError: gateway.formatError,
  });
  observedGauge(
    { name: 'live_subscriptions', help: 'Open graphql-ws sockets, live subscriptions and Redis channel groups', labelNames: ['kind'] },
    (gauge) => {
      const stats = live.stats();
      gauge.set({ kind: 'sockets' }, stats.sockets);
      gauge.set({ kind: 'subscriptions' }, stats.subscriptions);
      gauge.set({ kind: 'groups' }, stats.groups);
      gauge.set({ kind: 'log_viewers' }, stats.logViewers);
    },
  );
  const publicUrl = environment.PUBLIC_URL ?? `http://localhost:${gateway.port}/graphql`;
  logger.info(
    { port: gateway.port, metricsPort: gateway.operationsPort, url: publicUrl, console: new URL('/', publicUrl).toString() },
    'gateway listening; the console is at /, the API explorer at /graphql',
  );
  onShutdown(logger, [live.close, gateway.stop, () => redis.quit(), shutdownTelemetry]);
}

const logger = createLogger({ service: 'gateway', level: environment.LOG_LEVEL });
main(logger).catch(exitOnStartupFailure(logger));
