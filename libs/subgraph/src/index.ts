export { connectSubgraphPlatform, subgraphEnv } from './platform';
export type { PlatformConfig, SubgraphEnv, SubgraphPlatform } from './platform';
export { buildSchema, readSubgraphSdl, startSubgraphServer } from './subgraph-server';
export type { RunningSubgraph, SubgraphServerConfig } from './subgraph-server';
