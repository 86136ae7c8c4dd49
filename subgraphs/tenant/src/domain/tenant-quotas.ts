/**
 * What one user or one tenant may do before it looks like abuse: every tenant starts a free
 * trial (billing), and every invitation sends a mail in the tenant's name.
 */
export interface TenantQuotas {
  /** Live tenants (not DELETED) one user may own at once (MAX_TENANTS_PER_USER). */
  maxTenantsPerUser: number;
  /**
   * Tenants one user may ever create (MAX_TRIALS_PER_USER): each starts a free trial, and a
   * deleted one does not give its trial back.
   */
  maxTrialsPerUser: number;
  /** Invitations one tenant may send per rolling hour (INVITATIONS_PER_TENANT_PER_HOUR). */
  invitationsPerHour: number;
}

export const DEFAULT_TENANT_QUOTAS: Readonly<TenantQuotas> = Object.freeze({
  maxTenantsPerUser: 10,
  maxTrialsPerUser: 3,
  invitationsPerHour: 10,
});

export const INVITATION_RATE_WINDOW_MS = 60 * 60 * 1000;

/**
 * Seconds until a rolling-window rate admits one more: the oldest counted attempt leaves the
 * window then. At least 1, so a refused client is never told to retry "now".
 */
export function retryAfterSeconds(oldestInWindow: Date, windowMs: number, now: Date): number {
  return Math.max(1, Math.ceil((oldestInWindow.getTime() + windowMs - now.getTime()) / 1000));
}
