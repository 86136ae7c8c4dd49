/** The longest an access token may live (the auth subgraph issues them for 15 minutes). */
export const MAX_ACCESS_TOKEN_LIFETIME_SECONDS = 15 * 60;

/** Tolerated difference between the issuer's clock and ours. */
export const CLOCK_SKEW_SECONDS = 30;

/**
 * Why an access token's lifetime is unacceptable, or null when it is fine. `jsonwebtoken`
 * checks `exp` only when present, so a token without one, or signed to live for days (by
 * a leaked key or a misconfigured issuer), would otherwise never expire.
 */
export function lifetimeProblem(claims: { iat?: unknown; exp?: unknown }, nowSeconds: number): string | null {
  const { iat, exp } = claims;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return 'Access token has no expiry.';
  if (typeof iat !== 'number' || !Number.isFinite(iat)) return 'Access token has no issue time.';
  if (iat > nowSeconds + CLOCK_SKEW_SECONDS) return 'Access token issued in the future.';
  if (exp - iat > MAX_ACCESS_TOKEN_LIFETIME_SECONDS + CLOCK_SKEW_SECONDS) return 'Access token lives too long.';
  return null;
}
