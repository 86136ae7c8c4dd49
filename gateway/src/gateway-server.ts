import http from 'node:http';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { expressMiddleware } from '@as-integrations/express5';
import type { TokenVerifier } from '@saas/auth';
import type { GraphqlExposure } from '@saas/config';
import { createFormatError } from '@saas/errors';
import { listen, publicProbes, type ReadinessCheck, startOperationsServer } from '@saas/http';
import type { Logger } from '@saas/logger';
import { graphqlMetricsPlugin, metricsRegistry } from '@saas/telemetry';
import express from 'express';
import type { GraphQLSchema } from 'graphql';
import { createGatewayContext, type GatewayContext } from './context';
import { queryLimitsPlugin, queryTokenLimit } from './limits/query-limits-plugin';
import type { QueryLimits } from './limits/query-limits';
import type { FormatError } from './live/operation-failures';
import { SubgraphDataSource } from './subgraph-data-source';
import { subgraphReadinessCheck } from './subgraph-readiness';
import { supergraphFromFile } from './supergraph-file';
import { consoleSite } from './web/console-site';
import { corsMiddleware } from './web/cors';
import { explorerPage } from './web/explorer-page';
import { fileTransfers } from './web/file-transfers';

export interface GatewayConfig {
  port: number;
  host: string;
  /** The operations port (METRICS_PORT on METRICS_HOST): `/metrics`, `/ready` (Redis and every subgraph). */
  operations: { port: number; host: string };
  supergraphPath: string;
  subgraphUrl: (name: string, fromSupergraph: string | undefined) => string | undefined;
  verifier: TokenVerifier;
  /** Reverse proxies whose `x-forwarded-for` names the client (rate limits per IP). */
  trustedProxies?: readonly string[];
  logger: Logger;
  checks: readonly ReadinessCheck[];
  /** The console and the explorer (static files) and who may call the API from a browser. */
  web: { consoleDir: string; explorerEnabled: boolean; corsOrigins: readonly string[] };
  /** Introspection, "Did you mean" suggestions and `extensions.serviceName` (libs/config graphqlExposure). */
  exposure: GraphqlExposure;
  /** Depth, aliases, tokens and cost one operation may have (refused before planning). */
  limits: QueryLimits;
  /** Sent to every subgraph (GATEWAY_SECRET): proves the fetch comes from the gateway. */
  gatewaySecret: string;
}

export interface RunningGateway {
  server: http.Server;
  /** The API schema of the supergraph in service (reloaded with it). */
  apiSchema: () => GraphQLSchema;
  apollo: ApolloServer<GatewayContext>;
  gateway: ApolloGateway;
  port: number;
  operationsPort: number;
  /** Subgraph routing URLs currently in use, by name (for readiness). */
  subgraphUrls: Map<string, string>;
  /** Apollo's `formatError` here, for the live layer's socket (same masking and logging). */
  formatError: FormatError;
  stop: () => Promise<void>;
}

/**
 * The supergraph over HTTP on `/graphql` (GraphiQL on a browser GET, Sandbox with `?sandbox`),
 * the console at `/`, `/files/` (the instance subgraph's signed links) and `/health`; `/ready`
 * and `/metrics` only on the operations port.
 */
export async function startGateway(config: GatewayConfig): Promise<RunningGateway> {
  const { logger } = config;
  const subgraphUrls = new Map<string, string>();
  const gateway = new ApolloGateway({
    supergraphSdl: supergraphFromFile(config.supergraphPath, logger),
    buildService: ({ name, url }) => {
      const resolved = config.subgraphUrl(name, url);
      if (resolved) subgraphUrls.set(name, resolved);
      return new SubgraphDataSource(name, config.gatewaySecret, { url: resolved });
    },
    logger,
  });
  let apiSchema: GraphQLSchema | undefined;
  gateway.onSchemaLoadOrUpdate(({ apiSchema: schema }) => {
    apiSchema = schema;
  });
  const app = express();
  app.disable('x-powered-by');
  const server = http.createServer(app);
  const formatError = createFormatError({
    onUnexpected: (error) => logger.error({ err: error }, 'unexpected error in gateway'),
    serviceNames: config.exposure.errorServiceNames,
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    csrfPrevention: true,
    introspection: config.exposure.introspection,
    hideSchemaDetailsFromClientErrors: !config.exposure.fieldSuggestions,
    includeStacktraceInErrorResponses: false,
    formatError,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer: server }),
      config.web.explorerEnabled
        ? ApolloServerPluginLandingPageLocalDefault({ embed: { endpointIsEditable: false }, includeCookies: false })
        : ApolloServerPluginLandingPageDisabled(),
      graphqlMetricsPlugin<GatewayContext>(),
      queryLimitsPlugin<GatewayContext>(config.limits),
    ],
  });
  await apollo.start();
  app.use(publicProbes('gateway'));
  const context = createGatewayContext(config.verifier, { trustedProxies: config.trustedProxies });
  app.use('/graphql', corsMiddleware(config.web.corsOrigins), explorerPage({ consoleDir: config.web.consoleDir, enabled: config.web.explorerEnabled }));
  app.use('/graphql', express.json({ limit: '1mb' }), queryTokenLimit(config.limits), expressMiddleware(apollo, { context: ({ req }) => context(req) }));
  // Backup downloads and import uploads: signed links of the instance subgraph, streamed through.
  app.use('/files', fileTransfers(() => subgraphUrls.get('instance'), logger));
  app.use(consoleSite(config.web.consoleDir));
  const port = await listen(server, config.port, config.host);
  // After the public port listens: the operations port's /ready is what a supervisor waits for.
  const operations = await startOperationsServer({
    service: 'gateway',
    ...config.operations,
    checks: [...config.checks, subgraphReadinessCheck(subgraphUrls)],
    metrics: metricsRegistry,
  });
  return {
    server,
    apiSchema: () => {
      if (!apiSchema) throw new Error('supergraph not loaded');
      return apiSchema;
    },
    apollo,
    gateway,
    port,
    operationsPort: operations.port,
    subgraphUrls,
    formatError,
    stop: async () => {
      await apollo.stop();
      await operations.stop();
    },
  };
}
