import { UnauthenticatedError } from '@saas/errors';
import type { KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { lifetimeProblem } from './token-lifetime';

/** Who is calling, as proven by a verified access token. */
export interface Viewer {
  userId: string;
  sessionId: string;
  /** Platform operator (sets plans, marks invoices paid). */
  staff: boolean;
  /** The raw access token, forwarded when this service calls another one on the viewer's behalf. */
  accessToken: string;
  /** Seconds since the epoch when the token expires. */
  expiresAt: number;
}

export interface AccessTokenClaims {
  sub: string;
  sid: string;
  staff?: boolean;
  iss: string;
  aud: string;
  exp: number;
  iat: number;
}

/** Answers whether a session was revoked before its tokens expired (log out). */
export interface RevocationList {
  isRevoked(sessionId: string): Promise<boolean>;
}

/** Public keys by `kid`: the JWKS client in services, a fixed set in unit tests. */
export interface SigningKeySource {
  getKey(kid: string): Promise<KeyObject | undefined>;
}

export interface TokenVerifierConfig {
  jwks: SigningKeySource;
  issuer: string;
  audience: string;
  revocations: RevocationList;
}

/**
 * Verifies ES256 access tokens: signature by a current auth key, issuer, audience, expiry
 * (required, at most 15 minutes after issue), revocation.
 */
export class TokenVerifier {
  constructor(private readonly config: TokenVerifierConfig) {}

  async verify(token: string): Promise<Viewer> {
    const decoded = jwt.decode(token, { complete: true });
    if (!decoded || typeof decoded.payload === 'string') throw new UnauthenticatedError('Malformed access token.');
    // Only ES256 is accepted, whatever the token says (no `none`, no HMAC with a public key).
    if (decoded.header.alg !== 'ES256' || !decoded.header.kid) {
      throw new UnauthenticatedError('Access token must be signed with ES256 and name its key.');
    }
    const key = await this.config.jwks.getKey(decoded.header.kid);
    if (!key) throw new UnauthenticatedError('Access token signed by an unknown key.');
    let claims: AccessTokenClaims;
    try {
      claims = jwt.verify(token, key, {
        algorithms: ['ES256'],
        issuer: this.config.issuer,
        audience: this.config.audience,
      }) as AccessTokenClaims;
    } catch (error) {
      if (error instanceof jwt.TokenExpiredError) throw new UnauthenticatedError('Access token expired.');
      throw new UnauthenticatedError('Invalid access token.');
    }
    if (typeof claims.sub !== 'string' || typeof claims.sid !== 'string') {
      throw new UnauthenticatedError('Invalid access token.');
    }
    const problem = lifetimeProblem(claims, Math.floor(Date.now() / 1000));
    if (problem) throw new UnauthenticatedError(problem);
    if (await this.config.revocations.isRevoked(claims.sid)) {
      throw new UnauthenticatedError('Session has been signed out.');
    }
    return { userId: claims.sub, sessionId: claims.sid, staff: claims.staff === true, accessToken: token, expiresAt: claims.exp };
  }
}

/** The bearer token of an `Authorization` header, or undefined when there is none. */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw new UnauthenticatedError('Authorization header must be "Bearer <token>".');
  return match[1];
}
