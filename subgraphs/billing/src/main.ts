import type { EntityManager } from '@mikro-orm/postgresql';
import { MembershipCache, TenantAuthorizer } from '@saas/authz';
import { exitOnStartupFailure, onShutdown } from '@saas/http';
import { createLogger, type Logger } from '@saas/logger';
import { connectSubgraphPlatform, startSubgraphServer } from '@saas/subgraph';
import { createContextFactory } from './context';
import { environment } from './environment';
import { entities, migrations } from './mikro-orm.config';
import { resolvers } from './resolvers';

async function main(logger: Logger): Promise<void> {
  const platform = await connectSubgraphPlatform({ name: 'billing', env: environment, entities, migrations, logger });
  const authorizer = new TenantAuthorizer({
    cache: new MembershipCache(platform.redis, platform.keys),
    tenantUrl: environment.TENANT_URL,
    logger,
  });
  const subgraph = await startSubgraphServer({
    name: 'billing',
    port: environment.PORT,
    host: environment.LISTEN_HOST,
    logger,
    resolvers,
    checks: platform.checks,
    context: createContextFactory({ em: platform.orm.em as EntityManager, identify: platform.identify, authorizer }),
  });
  onShutdown(logger, [subgraph.stop, platform.close]);
}

const logger = createLogger({ service: 'billing-subgraph', level: environment.LOG_LEVEL });
main(logger).catch(exitOnStartupFailure(logger));
