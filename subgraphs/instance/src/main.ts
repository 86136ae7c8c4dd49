import { exitOnStartupFailure, onShutdown } from '@saas/http';
import { createLogger, type Logger } from '@saas/logger';
import { connectSubgraphPlatform, startSubgraphServer } from '@saas/subgraph';
import { createContextFactory } from './context';
import { environment } from './environment';
import { entities, migrations } from './mikro-orm.config';
import { resolvers } from './resolvers';

async function main(logger: Logger): Promise<void> {
  const platform = await connectSubgraphPlatform({ name: 'instance', env: environment, entities, migrations, logger });
  const subgraph = await startSubgraphServer({
    name: 'instance',
    port: environment.PORT,
    host: environment.LISTEN_HOST,
    logger,
    resolvers,
    checks: platform.checks,
    context: createContextFactory(platform),
  });
  onShutdown(logger, [subgraph.stop, platform.close]);
}

const logger = createLogger({ service: 'instance-subgraph', level: environment.LOG_LEVEL });
main(logger).catch(exitOnStartupFailure(logger));
