import { type ServiceName, SUBGRAPHS, type SubgraphName } from './catalog';

/** Where one stack's processes listen and what they share. */
export interface StackLayout {
  host: string;
  ports: Record<ServiceName, number>;
  /** The operations port of each process (METRICS_PORT, on `host` too): `/metrics`, the detailed `/ready`. */
  metricsPorts: Record<ServiceName, number>;
  /** Connection URL of each subgraph's own database. */
  databaseUrls?: Partial<Record<SubgraphName, string>>;
  /** Environment given to every process (REDIS_PREFIX, AMQP_URL, SAAS_ENV, ...). */
  shared?: Record<string, string>;
  /** Environment for one process only. */
  perService?: Partial<Record<ServiceName, Record<string, string>>>;
}

/** The environment of one process of a stack: its ports, its database, and how to reach the others. */
export function serviceEnvironment(service: ServiceName, layout: StackLayout): Record<string, string> {
  const base = (name: ServiceName) => `http://${layout.host}:${layout.ports[name]}`;
  const env: Record<string, string> = {
    ...layout.shared,
    PORT: String(layout.ports[service]),
    LISTEN_HOST: layout.host,
    METRICS_PORT: String(layout.metricsPorts[service]),
    METRICS_HOST: layout.host,
    AUTH_JWKS_URL: `${base('auth')}/.well-known/jwks.json`,
    AUTH_URL: `${base('auth')}/graphql`,
    TENANT_URL: `${base('tenant')}/graphql`,
    USER_URL: `${base('user')}/graphql`,
    BILLING_URL: `${base('billing')}/graphql`,
    INSTANCE_URL: `${base('instance')}/graphql`,
  };
  const databaseUrl = (SUBGRAPHS as readonly string[]).includes(service)
    ? layout.databaseUrls?.[service as SubgraphName]
    : undefined;
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  if (service === 'gateway') {
    for (const subgraph of SUBGRAPHS) env[`SUBGRAPH_${subgraph.toUpperCase()}_URL`] = `${base(subgraph)}/graphql`;
  }
  return { ...env, ...layout.perService?.[service] };
}

/** Where one process of a stack answers its detailed `/ready` (the stack's readiness) and `/metrics`. */
export function operationsUrl(service: ServiceName, layout: Pick<StackLayout, 'host' | 'metricsPorts'>, pathname: '/ready' | '/metrics'): string {
  return `http://${layout.host}:${layout.metricsPorts[service]}${pathname}`;
}
