export { connectSubgraphPlatform, subgraphEnv } from './platform';
export type { PlatformConfig, SubgraphEnv, SubgraphPlatform } from './platform';
export { clientAddress, TrustedProxies, trustedProxiesEnv } from './client-address';
export { buildSchema, readSubgraphSdl, startSubgraphServer } from './subgraph-server';
export type { CallerInfo, RunningSubgraph, SubgraphServerConfig } from './subgraph-server';
export { canonicalId, canonicalizeArguments, canonicalIdsPlugin, MAX_ID_LENGTH } from './canonical-ids';
export { DEV_GATEWAY_SECRET, GATEWAY_SECRET_HEADER, gatewayAccessPlugin, isGatewaySecret } from './gateway-access';
export type { IdentifiedContext } from './gateway-access';
