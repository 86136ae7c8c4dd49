import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { ApolloServer, type BaseContext } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { expressMiddleware } from '@as-integrations/express5';
import type { GraphqlExposure } from '@saas/config';
import { createFormatError } from '@saas/errors';
import { listen, publicProbes, type ReadinessCheck, startOperationsServer } from '@saas/http';
import type { Logger } from '@saas/logger';
import { graphqlMetricsPlugin, metricsRegistry } from '@saas/telemetry';
import express, { type Request } from 'express';
import type { GraphQLSchema } from 'graphql';
import { parse } from 'graphql';
import { canonicalIdsPlugin } from './canonical-ids';
import { clientAddress, TrustedProxies } from './client-address';
import { gatewayAccessPlugin, type IdentifiedContext } from './gateway-access';
import { LoadShedder } from './load-shedding';

/** `SCHEMA_DIR`, else the `schema/` shipped beside a bundle, else the repository's. */
function schemaDirectory(): string {
  const candidates = [process.env.SCHEMA_DIR, path.join(__dirname, 'schema'), path.resolve(__dirname, '../../../schema')];
  const found = candidates.find((candidate): candidate is string => !!candidate && existsSync(candidate));
  if (!found) throw new Error(`no schema directory among ${candidates.filter(Boolean).join(', ')}`);
  return found;
}

/** Reads `schema/<name>.graphql`, the subgraph's hand-written SDL. */
export function readSubgraphSdl(name: string): string {
  return readFileSync(path.join(schemaDirectory(), `${name}.graphql`), 'utf8');
}

/** The subgraph schema of `schema/<name>.graphql` with its resolvers (typed by codegen). */
export function buildSchema(name: string, resolvers: object): GraphQLSchema {
  return buildSubgraphSchema({ typeDefs: parse(readSubgraphSdl(name)), resolvers: resolvers as GraphQLResolverMap<unknown> });
}

export interface SubgraphServerConfig<TContext extends IdentifiedContext> {
  name: string;
  port: number;
  host: string;
  /** The operations port (METRICS_PORT on METRICS_HOST): `/metrics`, the detailed `/ready`. */
  operations: { port: number; host: string };
  logger: Logger;
  // Generated resolver types are stricter than @apollo/subgraph's map; both describe the same object.
  resolvers: object;
  checks: readonly ReadinessCheck[];
  /** The gateway's address(es): the only callers whose `x-forwarded-for` is believed (TRUSTED_PROXIES). */
  trustedProxies: readonly string[];
  /** GraphQL requests served at once; beyond, a fast 503 (MAX_IN_FLIGHT_REQUESTS). */
  maxInFlight: number;
  /** Proves the gateway (GATEWAY_SECRET): only it is served `_service`. */
  gatewaySecret: string;
  context: (req: Request, caller: CallerInfo) => Promise<TContext>;
  /** Introspection and "Did you mean" suggestions (libs/config graphqlExposure: off in production unless enabled). */
  exposure: Pick<GraphqlExposure, 'introspection' | 'fieldSuggestions'>;
  /** Extra routes (e.g. the JWKS of the auth subgraph) mounted before GraphQL. */
  routes?: (app: express.Express) => void;
}

/** What the server establishes about a caller before any resolver runs. */
export interface CallerInfo {
  /** The client's address (libs/subgraph client-address): rate limits, audit log. */
  clientIp: string;
}

export interface RunningSubgraph {
  server: http.Server;
  apollo: ApolloServer<BaseContext>;
  port: number;
  operationsPort: number;
  stop: () => Promise<void>;
}

/**
 * A subgraph over HTTP: `/graphql`, `/health` and a bare `/ready` (the gateway's probe) on the
 * public port; `/metrics` and the detailed `/ready` on the operations port.
 */
export async function startSubgraphServer<TContext extends IdentifiedContext>(
  config: SubgraphServerConfig<TContext>,
): Promise<RunningSubgraph> {
  const { logger } = config;
  const trustedProxies = TrustedProxies.parse(config.trustedProxies);
  const app = express();
  app.disable('x-powered-by');
  const server = http.createServer(app);
  const apollo = new ApolloServer<TContext>({
    schema: buildSchema(config.name, config.resolvers),
    csrfPrevention: true,
    introspection: config.exposure.introspection,
    hideSchemaDetailsFromClientErrors: !config.exposure.fieldSuggestions,
    includeStacktraceInErrorResponses: false,
    formatError: createFormatError({
      onUnexpected: (error) => logger.error({ err: error }, 'unexpected error in resolver'),
    }),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer: server }),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      graphqlMetricsPlugin<TContext>(),
      canonicalIdsPlugin<TContext>(),
      gatewayAccessPlugin<TContext>(config.gatewaySecret),
    ],
  });
  await apollo.start();
  const shedder = new LoadShedder(config.maxInFlight);
  const checks = [...config.checks, shedder.readiness];
  app.use(publicProbes(config.name, checks));
  config.routes?.(app);
  app.use('/graphql', shedder.middleware, express.json({ limit: '1mb' }), expressMiddleware(apollo, { context: ({ req }) => config.context(req, { clientIp: clientAddress(req, trustedProxies) }) }));
  // The public port first: the operations port's /ready is what a supervisor waits for.
  const port = await listen(server, config.port, config.host);
  const operations = await startOperationsServer({ service: config.name, ...config.operations, checks, metrics: metricsRegistry });
  logger.info({ port, metricsPort: operations.port }, `${config.name} subgraph listening`);
  return {
    server,
    apollo: apollo as unknown as ApolloServer<BaseContext>,
    port,
    operationsPort: operations.port,
    stop: async () => {
      await apollo.stop();
      await operations.stop();
    },
  };
}
