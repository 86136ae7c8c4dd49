import { createHash, generateKeyPairSync } from 'node:crypto';
import type { PublicJwk } from '@saas/auth';

export interface SigningKeyPair {
  kid: string;
  publicJwk: PublicJwk;
  /** PKCS#8 PEM; encrypt before storing. */
  privateKeyPem: string;
}

/** A fresh P-256 key pair for ES256, named by its JWK thumbprint. */
export function generateSigningKeyPair(): SigningKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = publicKey.export({ format: 'jwk' });
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256' || !jwk.x || !jwk.y) throw new Error('unexpected EC public key');
  const kid = jwkThumbprint({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
  return {
    kid,
    publicJwk: { kid, kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y, alg: 'ES256', use: 'sig' },
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  };
}

/** RFC 7638: SHA-256 of the required members in lexicographic order, base64url. */
export function jwkThumbprint(jwk: { crv: string; kty: string; x: string; y: string }): string {
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
  return createHash('sha256').update(canonical).digest('base64url');
}
