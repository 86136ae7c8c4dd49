import type { RedisClient, RedisKeys } from '@saas/redis';
import type { Role, TenantStatus } from './roles';

/** What the cache knows of one user in one tenant; `role: null` means "not a member". */
export interface CachedMembership {
  role: Role | null;
  tenantStatus: TenantStatus | null;
}

/** Entries expire anyway after this, as a safety net behind explicit invalidation. */
const TTL_SECONDS = 300;

/**
 * Writes the entry only if no invalidation happened since `version` was read, so a slow
 * reader cannot put back a membership that was just removed.
 */
const WRITE_IF_UNCHANGED = `
local current = redis.call('GET', KEYS[2]) or '0'
if current ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
redis.call('EXPIRE', KEYS[1], ARGV[4])
return 1`;

/**
 * Memberships cached in Redis: one hash per tenant (field = user id) and a version counter
 * the tenant subgraph increments on every change of that tenant's memberships or status.
 */
export class MembershipCache {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}

  async read(tenantId: string, userId: string): Promise<{ entry?: CachedMembership; version: string }> {
    const [raw, version] = await Promise.all([
      this.redis.hGet(this.keys.memberships(tenantId), userId),
      this.redis.get(this.keys.membershipsVersion(tenantId)),
    ]);
    return { entry: raw ? (JSON.parse(raw) as CachedMembership) : undefined, version: version ?? '0' };
  }

  async write(tenantId: string, userId: string, entry: CachedMembership, version: string): Promise<void> {
    await this.redis.eval(WRITE_IF_UNCHANGED, {
      keys: [this.keys.memberships(tenantId), this.keys.membershipsVersion(tenantId)],
      arguments: [version, userId, JSON.stringify(entry), String(TTL_SECONDS)],
    });
  }

  /**
   * Called by the tenant subgraph after committing a change: drops the tenant's entries,
   * bumps its version and tells listeners (the gateway ends subscriptions of removed members).
   */
  async invalidate(tenantId: string, change: { userId?: string; role?: Role | null }): Promise<void> {
    await this.redis
      .multi()
      .incr(this.keys.membershipsVersion(tenantId))
      .del(this.keys.memberships(tenantId))
      .publish(this.keys.membershipChangedChannel, JSON.stringify({ tenantId, ...change }))
      .exec();
  }
}
