/** A limit of `limit` attempts per fixed window of `windowSeconds`, counted per subject. */
export interface RateLimitRule {
  /** Names the counter, e.g. `login:email`. */
  scope: string;
  limit: number;
  windowSeconds: number;
}

export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Fixed-window decision from the counter after this attempt was counted and the window's
 * remaining time. `remainingMs` below 0 (a key without expiry, which should not happen)
 * is treated as a whole window so a client is never told to retry "now" while refused.
 */
export function decideRateLimit(rule: RateLimitRule, count: number, remainingMs: number): RateLimitDecision {
  if (count <= rule.limit) return { allowed: true };
  const remaining = remainingMs > 0 ? remainingMs : rule.windowSeconds * 1000;
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(remaining / 1000)) };
}
