import type { RateLimitRule } from '../domain/rate-limit';
import type { AuthEnvironment } from '../environment';

/** Lifetimes and limits of the identity flows, read once from the environment. */
export interface AuthPolicy {
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  verifyEmailTtlSeconds: number;
  resetPasswordTtlSeconds: number;
  limits: {
    /** Failures of one client on one address (cleared by its success): locks that client only. */
    loginPerEmailAndIp: RateLimitRule;
    /** Failures on one address from anywhere (a success is not counted): locks the account. */
    loginPerEmail: RateLimitRule;
    loginPerIp: RateLimitRule;
    resetPerEmail: RateLimitRule;
    resetPerIp: RateLimitRule;
    signUpPerIp: RateLimitRule;
  };
}

export function authPolicyFrom(env: AuthEnvironment): AuthPolicy {
  const login = env.LOGIN_LIMIT_WINDOW_SECONDS;
  const reset = env.RESET_LIMIT_WINDOW_SECONDS;
  return {
    accessTokenTtlSeconds: env.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlSeconds: env.REFRESH_TOKEN_TTL_SECONDS,
    verifyEmailTtlSeconds: 24 * 3600,
    resetPasswordTtlSeconds: 3600,
    limits: {
      loginPerEmailAndIp: { scope: 'login:email-ip', limit: env.LOGIN_LIMIT_PER_EMAIL_AND_IP, windowSeconds: login },
      loginPerEmail: { scope: 'login:email', limit: env.LOGIN_LIMIT_PER_EMAIL, windowSeconds: env.LOGIN_LIMIT_PER_EMAIL_WINDOW_SECONDS },
      loginPerIp: { scope: 'login:ip', limit: env.LOGIN_LIMIT_PER_IP, windowSeconds: login },
      resetPerEmail: { scope: 'reset:email', limit: env.RESET_LIMIT_PER_EMAIL, windowSeconds: reset },
      resetPerIp: { scope: 'reset:ip', limit: env.RESET_LIMIT_PER_IP, windowSeconds: reset },
      signUpPerIp: { scope: 'signup:ip', limit: env.SIGNUP_LIMIT_PER_IP, windowSeconds: env.SIGNUP_LIMIT_WINDOW_SECONDS },
    },
  };
}
