import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, URL-safe: refresh, verification and reset tokens. */
export function newOpaqueToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * What is stored instead of the token. A plain SHA-256 is enough: the token has 256 bits
 * of entropy, so there is nothing to brute-force, and lookups stay one index probe.
 */
export function hashOpaqueToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
