import path from 'node:path';
import { authEnv, commonEnv, graphqlExposureEnv, httpUrl, list, loadEnvOrExit, metricsEnv, optionalBoolean, optionalUrl, port, redisEnv, z } from '@saas/config';
import { trustedProxiesEnv } from '@saas/subgraph/client-address';
import { gatewaySecretEnv } from '@saas/subgraph/gateway-access';
import { DEFAULT_QUERY_LIMITS, type QueryLimits } from './limits/query-limits';
import { DEFAULT_MAX_QUEUED } from './live/push-iterator';
import { DEFAULT_MAX_SOCKETS_PER_USER } from './live/user-socket-limit';

const SUBGRAPHS = ['auth', 'tenant', 'user', 'billing', 'instance'] as const;
export type SubgraphName = (typeof SUBGRAPHS)[number];

export const environment = loadEnvOrExit('gateway', {
  ...commonEnv,
  ...redisEnv,
  ...authEnv,
  /** Introspection, field suggestions, `extensions.serviceName`: off in production unless enabled. */
  ...graphqlExposureEnv,
  PORT: port(4000),
  /** `/metrics` and `/ready` (Redis, every subgraph): not on the public port. */
  ...metricsEnv(9400),
  /** The composed supergraph; the gateway reloads it when the file changes. */
  SUPERGRAPH_PATH: z.string().default(path.resolve(__dirname, '../../schema/supergraph.graphql')),
  /** Overrides of the routing URLs baked into the supergraph (containers, test runs). */
  SUBGRAPH_AUTH_URL: optionalUrl(['http', 'https']),
  SUBGRAPH_TENANT_URL: optionalUrl(['http', 'https']),
  SUBGRAPH_USER_URL: optionalUrl(['http', 'https']),
  SUBGRAPH_BILLING_URL: optionalUrl(['http', 'https']),
  SUBGRAPH_INSTANCE_URL: optionalUrl(['http', 'https']),
  /**
   * Reverse proxies (load balancers) in front of the gateway, by address: their
   * `x-forwarded-for` names the client that per-IP limits count. Empty: the peer is the client.
   */
  TRUSTED_PROXIES: trustedProxiesEnv([]),
  /** Sent to every subgraph with each fetch (never taken from a client): only the gateway is served `_service`. */
  GATEWAY_SECRET: gatewaySecretEnv,
  /** The URL printed for people and put in the Sandbox; defaults to http://localhost:<PORT>/graphql. */
  PUBLIC_URL: optionalUrl(['http', 'https']),
  /** Membership checks for subscriptions (libs/authz); the tenant subgraph's URL. */
  TENANT_URL: httpUrl('http://127.0.0.1:4002/graphql'),
  /** The built console served at `/` (and the offline GraphiQL at `/graphql`): `npm run console:build`. */
  CONSOLE_DIR: z.string().default(path.resolve(__dirname, '../../console/dist')),
  /** The offline GraphiQL at `/graphql` and Apollo Sandbox at `/graphql?sandbox`: off in production unless enabled. */
  EXPLORER_ENABLED: optionalBoolean,
  /**
   * Origins whose browsers may call the API (CORS), comma-separated, e.g. a console served
   * elsewhere or `https://studio.apollographql.com`. Default: the console dev server
   * (`http://localhost:5173`) and the gateway's own origin.
   */
  CORS_ORIGINS: list([]),
  /** What one operation may ask for (HTTP and graphql-ws), refused as QUERY_TOO_COMPLEX before planning. */
  QUERY_MAX_DEPTH: z.coerce.number().int().min(1).default(DEFAULT_QUERY_LIMITS.maxDepth),
  QUERY_MAX_ALIASES: z.coerce.number().int().min(0).default(DEFAULT_QUERY_LIMITS.maxAliases),
  QUERY_MAX_TOKENS: z.coerce.number().int().min(1).default(DEFAULT_QUERY_LIMITS.maxTokens),
  QUERY_MAX_COST: z.coerce.number().int().min(1).default(DEFAULT_QUERY_LIMITS.maxCost),
  /** The length the cost estimate assumes for a list no `first`/`last` bounds. */
  QUERY_DEFAULT_LIST_SIZE: z.coerce.number().int().min(1).default(DEFAULT_QUERY_LIMITS.defaultListSize),
  /** Open graphql-ws sockets one user may hold; the next is closed with 4429. */
  MAX_SOCKETS_PER_USER: z.coerce.number().int().min(1).default(DEFAULT_MAX_SOCKETS_PER_USER),
  /** Results queued for one live subscription whose client reads too slowly; one more ends it with SLOW_CONSUMER. */
  LIVE_MAX_QUEUED_EVENTS: z.coerce.number().int().min(1).default(DEFAULT_MAX_QUEUED),
});

/** The configured query limits. */
export function queryLimits(): QueryLimits {
  return {
    maxDepth: environment.QUERY_MAX_DEPTH,
    maxAliases: environment.QUERY_MAX_ALIASES,
    maxTokens: environment.QUERY_MAX_TOKENS,
    maxCost: environment.QUERY_MAX_COST,
    defaultListSize: environment.QUERY_DEFAULT_LIST_SIZE,
    maxPageSize: DEFAULT_QUERY_LIMITS.maxPageSize,
  };
}

/** The routing URL a subgraph is reached at: an env override, else the supergraph's. */
export function subgraphUrl(name: string, fromSupergraph: string | undefined): string | undefined {
  const key = `SUBGRAPH_${name.toUpperCase()}_URL` as `SUBGRAPH_${Uppercase<SubgraphName>}_URL`;
  return (SUBGRAPHS as readonly string[]).includes(name) ? (environment[key] ?? fromSupergraph) : fromSupergraph;
}
