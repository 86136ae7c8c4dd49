import { createPublicKey, type KeyObject } from 'node:crypto';
import { TokenVerifier } from '@saas/auth';
import { UnauthenticatedError } from '@saas/errors';
import jwt from 'jsonwebtoken';
import { accessTokenClaims } from '../src/domain/access-token-claims';
import { generateSigningKeyPair, jwkThumbprint } from '../src/domain/signing-key-pair';

const policy = { issuer: 'odoo-saas-auth', audience: 'odoo-saas', ttlSeconds: 900 };
const subject = { userId: '6f1c0c0e-3c1a-4f7e-9a51-2c7b8d0e1f23', sessionId: '0d9e7a52-5b0e-4a43-8f5b-8b6f6f2f3c11', staff: true };

function verifierFor(kid: string, key: KeyObject, revoked = new Set<string>()) {
  return new TokenVerifier({
    jwks: { getKey: async (wanted) => (wanted === kid ? key : undefined) },
    issuer: policy.issuer,
    audience: policy.audience,
    revocations: { isRevoked: async (sid) => revoked.has(sid) },
  });
}

describe('access token claims', () => {
  it('are sub, sid, staff, iss, aud, iat and exp 15 minutes later', () => {
    const now = new Date('2026-11-24T10:00:00.400Z');
    expect(accessTokenClaims(subject, policy, now)).toEqual({
      sub: subject.userId,
      sid: subject.sessionId,
      staff: true,
      iss: 'odoo-saas-auth',
      aud: 'odoo-saas',
      iat: 1795514400,
      exp: 1795515300,
    });
  });

  it('pass the TokenVerifier of libs/auth once signed with ES256 and the key id', async () => {
    const pair = generateSigningKeyPair();
    const token = jwt.sign(accessTokenClaims(subject, policy, new Date()), pair.privateKeyPem, { algorithm: 'ES256', keyid: pair.kid });
    const publicKey = createPublicKey({ key: { ...pair.publicJwk }, format: 'jwk' });
    await expect(verifierFor(pair.kid, publicKey).verify(token)).resolves.toMatchObject({
      userId: subject.userId,
      sessionId: subject.sessionId,
      staff: true,
    });
    await expect(verifierFor(pair.kid, publicKey, new Set([subject.sessionId])).verify(token)).rejects.toThrow(UnauthenticatedError);
  });

  it('are refused by the verifier when expired', async () => {
    const pair = generateSigningKeyPair();
    const token = jwt.sign(accessTokenClaims(subject, policy, new Date(Date.now() - 901_000)), pair.privateKeyPem, { algorithm: 'ES256', keyid: pair.kid });
    const publicKey = createPublicKey({ key: { ...pair.publicJwk }, format: 'jwk' });
    await expect(verifierFor(pair.kid, publicKey).verify(token)).rejects.toThrow('Access token expired.');
  });
});

describe('signing key pairs', () => {
  it('are P-256 keys named by their RFC 7638 thumbprint, without private parts in the JWK', () => {
    const pair = generateSigningKeyPair();
    expect(pair.publicJwk).toEqual({ kid: pair.kid, kty: 'EC', crv: 'P-256', x: expect.any(String), y: expect.any(String), alg: 'ES256', use: 'sig' });
    expect(pair.kid).toBe(jwkThumbprint({ crv: 'P-256', kty: 'EC', x: pair.publicJwk.x, y: pair.publicJwk.y }));
    expect(generateSigningKeyPair().kid).not.toBe(pair.kid);
  });

  it('hash the canonical {crv,kty,x,y} JSON (known answer)', () => {
    const jwk = { kty: 'EC', crv: 'P-256', x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU', y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0' };
    expect(jwkThumbprint(jwk)).toBe('oKIywvGUpTVTyxMQ3bwIIeQUudfr_CkLMjCE19ECD-U');
  });
});
