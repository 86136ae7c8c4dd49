import { generateKeyPairSync } from 'node:crypto';
import { UnauthenticatedError } from '@saas/errors';
import jwt from 'jsonwebtoken';
import { CLOCK_SKEW_SECONDS, lifetimeProblem, MAX_ACCESS_TOKEN_LIFETIME_SECONDS } from './token-lifetime';
import { TokenVerifier } from './token-verifier';

const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const KID = 'unit-key';

const verifier = new TokenVerifier({
  jwks: { getKey: async (kid) => (kid === KID ? publicKey : undefined) },
  issuer: 'odoo-saas-auth',
  audience: 'odoo-saas',
  revocations: { isRevoked: async () => false },
});

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Signs raw claims: no `exp` is added unless given (jwt.sign adds `iat` unless told not to). */
function sign(claims: Record<string, unknown>, options: jwt.SignOptions = {}): string {
  return jwt.sign({ sub: 'user-1', sid: 'session-1', iss: 'odoo-saas-auth', aud: 'odoo-saas', ...claims }, privateKey, { algorithm: 'ES256', keyid: KID, ...options });
}

const refusal = async (token: string) => {
  try {
    await verifier.verify(token);
    return 'accepted';
  } catch (error) {
    if (error instanceof UnauthenticatedError) return { code: error.code, message: error.message };
    throw error;
  }
};

describe('TokenVerifier: access token lifetime', () => {
  it('accepts a token living exactly the 15 minutes the auth subgraph issues', async () => {
    const iat = nowSeconds();
    await expect(verifier.verify(sign({ iat, exp: iat + MAX_ACCESS_TOKEN_LIFETIME_SECONDS }))).resolves.toMatchObject({ userId: 'user-1', expiresAt: iat + 900 });
  });

  it('refuses a token without exp with UNAUTHENTICATED', async () => {
    expect(await refusal(sign({ iat: nowSeconds() }))).toEqual({ code: 'UNAUTHENTICATED', message: 'Access token has no expiry.' });
  });

  it('refuses a token without iat, since its lifetime cannot be known', async () => {
    expect(await refusal(sign({ exp: nowSeconds() + 600 }, { noTimestamp: true }))).toEqual({ code: 'UNAUTHENTICATED', message: 'Access token has no issue time.' });
  });

  it('refuses a token living longer than 15 minutes plus the clock skew', async () => {
    const iat = nowSeconds();
    expect(await refusal(sign({ iat, exp: iat + MAX_ACCESS_TOKEN_LIFETIME_SECONDS + CLOCK_SKEW_SECONDS + 1 }))).toEqual({ code: 'UNAUTHENTICATED', message: 'Access token lives too long.' });
    expect(await refusal(sign({ iat, exp: iat + 30 * 24 * 3600 }))).toEqual({ code: 'UNAUTHENTICATED', message: 'Access token lives too long.' });
  });

  it('refuses a token issued in the future (which would stretch its life past 15 minutes from now)', async () => {
    const iat = nowSeconds() + 3600;
    expect(await refusal(sign({ iat, exp: iat + 600 }))).toEqual({ code: 'UNAUTHENTICATED', message: 'Access token issued in the future.' });
  });

  it('still refuses an expired token as expired', async () => {
    const iat = nowSeconds() - 1000;
    expect(await refusal(sign({ iat, exp: iat + 900 }))).toEqual({ code: 'UNAUTHENTICATED', message: 'Access token expired.' });
  });
});

describe('lifetimeProblem', () => {
  const now = 1_800_000_000;

  it('tolerates the clock skew, and not a second more', () => {
    expect(lifetimeProblem({ iat: now, exp: now + MAX_ACCESS_TOKEN_LIFETIME_SECONDS + CLOCK_SKEW_SECONDS }, now)).toBeNull();
    expect(lifetimeProblem({ iat: now + CLOCK_SKEW_SECONDS, exp: now + 600 }, now)).toBeNull();
    expect(lifetimeProblem({ iat: now + CLOCK_SKEW_SECONDS + 1, exp: now + 600 }, now)).toBe('Access token issued in the future.');
  });

  it('refuses non-numeric claims', () => {
    expect(lifetimeProblem({ iat: now, exp: String(now + 60) }, now)).toBe('Access token has no expiry.');
    expect(lifetimeProblem({ iat: null, exp: now + 60 }, now)).toBe('Access token has no issue time.');
  });
});
