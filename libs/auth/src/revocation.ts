import type { RedisClient, RedisKeys } from '@saas/redis';
import type { RevocationList } from './token-verifier';

/**
 * Revoked sessions live in Redis until their last access token expires, so every process
 * refuses a signed-out session's token on the very next request.
 */
export class RedisRevocationList implements RevocationList {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}

  async isRevoked(sessionId: string): Promise<boolean> {
    return (await this.redis.exists(this.keys.revokedSession(sessionId))) === 1;
  }

  /** Marks sessions revoked for `ttlSeconds` (the access token lifetime) and tells listeners. */
  async revoke(sessionIds: readonly string[], ttlSeconds: number): Promise<void> {
    if (sessionIds.length === 0) return;
    const multi = this.redis.multi();
    for (const sessionId of sessionIds) multi.set(this.keys.revokedSession(sessionId), '1', { EX: ttlSeconds });
    await multi.exec();
    await this.redis.publish(this.keys.sessionRevokedChannel, JSON.stringify({ sessionIds }));
  }
}
