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
}

/** Every process of the platform, in start order (subgraphs first, gateway last). */
export const SERVICES: readonly ServiceDefinition[] = [
  { name: 'auth', entry: 'subgraphs/auth/src/main.ts', defaultPort: 4001 },
  { name: 'tenant', entry: 'subgraphs/tenant/src/main.ts', defaultPort: 4002 },
  { name: 'user', entry: 'subgraphs/user/src/main.ts', defaultPort: 4003 },
  { name: 'billing', entry: 'subgraphs/billing/src/main.ts', defaultPort: 4004 },
  { name: 'instance', entry: 'subgraphs/instance/src/main.ts', defaultPort: 4005 },
  { name: 'worker', entry: 'provisioning-worker/src/main.ts', defaultPort: 4010 },
  { name: 'gateway', entry: 'gateway/src/main.ts', defaultPort: 4000 },
];

export function serviceDefinition(name: ServiceName): ServiceDefinition {
  const definition = SERVICES.find((service) => service.name === name);
  if (!definition) throw new Error(`unknown service ${name}`);
  return definition;
}
