import type { AccessTokenClaims } from '@saas/auth';

export interface AccessTokenSubject {
  userId: string;
  sessionId: string;
  staff: boolean;
}

export interface AccessTokenPolicy {
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

/** The claims of an access token, exactly those libs/auth's TokenVerifier checks. */
export function accessTokenClaims(subject: AccessTokenSubject, policy: AccessTokenPolicy, now: Date): AccessTokenClaims {
  const iat = Math.floor(now.getTime() / 1000);
  return {
    sub: subject.userId,
    sid: subject.sessionId,
    staff: subject.staff,
    iss: policy.issuer,
    aud: policy.audience,
    iat,
    exp: iat + policy.ttlSeconds,
  };
}
