import './telemetry';
import { graphqlExposure } from '@saas/config';
import { exitOnStartupFailure, onShutdown } from '@saas/http';
import { createLogger, type Logger } from '@saas/logger';
import { connectSubgraphPlatform, startSubgraphServer } from '@saas/subgraph';
import { shutdownTelemetry } from '@saas/telemetry';
import { createContextFactory } from './context';
import { environment } from './environment';
import { entities, migrations } from './mikro-orm.config';
import { resolvers } from './resolvers';

async function main(logger: Logger): Promise<void> {
  const platform = await connectSubgraphPlatform({ name: 'user', env: environment, entities, migrations, logger });
  const subgraph = await startSubgraphServer({
    name: 'user',
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
    context: createContextFactory(platform),
  });
  onShutdown(logger, [subgraph.stop, platform.close, shutdownTelemetry]);
}

const logger = createLogger({ service: 'user-subgraph', level: environment.LOG_LEVEL });
main(logger).catch(exitOnStartupFailure(logger));
