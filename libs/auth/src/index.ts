export { identify, requireViewer } from './identity';
export type { Identity } from './identity';
export { JwksClient } from './jwks-client';
export type { PublicJwk } from './jwks-client';
export { RedisRevocationList } from './revocation';
export type { RevocationStatus, RevokedSession } from './revocation';
export { CLOCK_SKEW_SECONDS, lifetimeProblem, MAX_ACCESS_TOKEN_LIFETIME_SECONDS } from './token-lifetime';
export { bearerToken, TokenVerifier } from './token-verifier';
export type { AccessTokenClaims, RevocationList, SigningKeySource, TokenVerifierConfig, Viewer } from './token-verifier';
