import type { Viewer } from '@saas/auth';
import { ForbiddenError } from '@saas/errors';
import type { Logger } from '@saas/logger';
import { callSubgraph } from '@saas/subgraph-client';
import type { CachedMembership, MembershipCache } from './membership-cache';
import { isRole, type Role, roleAtLeast, type TenantStatus } from './roles';

export interface TenantAccess {
  tenantId: string;
  role: Role;
  tenantStatus: TenantStatus;
}

export interface TenantAuthorizerConfig {
  cache: Pick<MembershipCache, 'read' | 'write'>;
  /** The tenant subgraph's GraphQL endpoint, asked on a cache miss with the viewer's token. */
  tenantUrl: string;
  logger: Logger;
}

/** A tenant id as every subgraph holds it once canonicalized at its edge (libs/subgraph canonical-ids). */
const CANONICAL_TENANT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const MEMBERSHIP_QUERY = 'query Membership($tenantId: ID!) { membership(tenantId: $tenantId) { role tenant { status } } }';

/**
 * "May this user do this on this tenant?" for every subgraph. The tenant subgraph is the
 * source of truth; answers are cached in Redis and invalidated on every membership change.
 *
 * The rule (README, Security): a caller who is not a member of a tenant gets FORBIDDEN for
 * anything in it, and so does a tenant id that does not exist or is not even a UUID (no
 * lookup, no cache key: a caller authorizes with the id as given, then uses it); a member
 * whose role is too low gets FORBIDDEN naming the role needed.
 */
export class TenantAuthorizer {
  constructor(private readonly config: TenantAuthorizerConfig) {}

  /** The viewer's access to a tenant, or null when not a member. */
  async accessOf(viewer: Viewer, tenantId: string): Promise<TenantAccess | null> {
    if (!CANONICAL_TENANT_ID.test(tenantId)) return null;
    const membership = await this.membership(viewer, tenantId);
    if (!membership.role || !membership.tenantStatus) return null;
    return { tenantId, role: membership.role, tenantStatus: membership.tenantStatus };
  }

  /** Throws FORBIDDEN unless the viewer is a member of the tenant with at least `minimum`. */
  async requireRole(viewer: Viewer, tenantId: string, minimum: Role): Promise<TenantAccess> {
    const access = await this.accessOf(viewer, tenantId);
    if (!access) throw new ForbiddenError('You are not a member of this tenant.', { tenantId });
    if (!roleAtLeast(access.role, minimum)) {
      throw new ForbiddenError(`This needs the ${minimum} role or higher in the tenant.`, {
        tenantId,
        requiredRole: minimum,
        role: access.role,
      });
    }
    return access;
  }

  private async membership(viewer: Viewer, tenantId: string): Promise<CachedMembership> {
    const { entry, version } = await this.config.cache.read(tenantId, viewer.userId);
    if (entry) return entry;
    const fresh = await this.fetchMembership(viewer, tenantId);
    await this.config.cache.write(tenantId, viewer.userId, fresh, version);
    return fresh;
  }

  private async fetchMembership(viewer: Viewer, tenantId: string): Promise<CachedMembership> {
    const data = await callSubgraph<{ membership: { role: string; tenant: { status: TenantStatus } } | null }>({
      url: this.config.tenantUrl,
      query: MEMBERSHIP_QUERY,
      variables: { tenantId },
      accessToken: viewer.accessToken,
      failureMessage: 'Memberships cannot be checked right now; try again.',
      logger: this.config.logger,
    });
    const membership = data.membership;
    if (!membership || !isRole(membership.role)) return { role: null, tenantStatus: null };
    return { role: membership.role, tenantStatus: membership.tenant.status };
  }
}
