export { identify, requireViewer } from './identity';
export type { Identity } from './identity';
export { JwksClient } from './jwks-client';
export type { PublicJwk } from './jwks-client';
export { RedisRevocationList } from './revocation';
export { bearerToken, TokenVerifier } from './token-verifier';
export type { AccessTokenClaims, RevocationList, SigningKeySource, TokenVerifierConfig, Viewer } from './token-verifier';
