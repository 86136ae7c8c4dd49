import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '../../..');

export const SUBGRAPHS = ['auth', 'tenant', 'user', 'billing', 'instance'] as const;
export type SubgraphName = (typeof SUBGRAPHS)[number];
export type ServiceName = SubgraphName | 'gateway' | 'worker';

export interface ServiceDefinition {
  name: ServiceName;
  /** TypeScript entry point, relative to the repository root. */
  entry: string;
  defaultPort: number;
  /** METRICS_PORT: `/metrics` and the detailed `/ready` (libs/http operations server), never the public port. */
  defaultMetricsPort: number;
}

/** Every process of the platform, in start order (subgraphs first, gateway last). */
export const SERVICES: readonly ServiceDefinition[] = [
  { name: 'auth', entry: 'subgraphs/auth/src/main.ts', defaultPort: 4001, defaultMetricsPort: 9401 },
  { name: 'tenant', entry: 'subgraphs/tenant/src/main.ts', defaultPort: 4002, defaultMetricsPort: 9402 },
  { name: 'user', entry: 'subgraphs/user/src/main.ts', defaultPort: 4003, defaultMetricsPort: 9403 },
  { name: 'billing', entry: 'subgraphs/billing/src/main.ts', defaultPort: 4004, defaultMetricsPort: 9404 },
  { name: 'instance', entry: 'subgraphs/instance/src/main.ts', defaultPort: 4005, defaultMetricsPort: 9405 },
  { name: 'worker', entry: 'provisioning-worker/src/main.ts', defaultPort: 4010, defaultMetricsPort: 9410 },
  { name: 'gateway', entry: 'gateway/src/main.ts', defaultPort: 4000, defaultMetricsPort: 9400 },
];

export function serviceDefinition(name: ServiceName): ServiceDefinition {
  const definition = SERVICES.find((service) => service.name === name);
  if (!definition) throw new Error(`unknown service ${name}`);
  return definition;
}
