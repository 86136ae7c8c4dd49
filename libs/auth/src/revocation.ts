import { ServiceUnavailableError } from '@saas/errors';
import type { RedisClient, RedisKeys } from '@saas/redis';
import type { RevocationList } from './token-verifier';

/** A session's standing on the deny-list; `unknown` while the list is not (re)loaded. */
export type RevocationStatus = 'revoked' | 'valid' | 'unknown';

/** One entry to restore: a session revoked and how long its access tokens may still live. */
export interface RevokedSession {
  sessionId: string;
  ttlSeconds: number;
}

/**
 * Revoked sessions live in Redis until their last access token expires, so every process
 * refuses a signed-out session's token on the very next request.
 *
 * Redis keeps nothing on disk: after a restart the list is empty, and an empty list would
 * accept every signed-out token again. The auth subgraph rebuilds it from its sessions table
 * and then sets the `loaded` sentinel (in the same transaction); until the sentinel exists
 * nobody can tell a signed-out session from a live one, and tokens are refused with a
 * retryable SERVICE_UNAVAILABLE instead of being accepted.
 */
export class RedisRevocationList implements RevocationList {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}

  /** Sentinel and session key in one round trip. */
  async status(sessionId: string): Promise<RevocationStatus> {
    const [loaded, revoked] = await this.redis.mGet([this.keys.revocationsLoaded, this.keys.revokedSession(sessionId)]);
    if (loaded === null) return 'unknown';
    return revoked === null ? 'valid' : 'revoked';
  }

  /** Throws SERVICE_UNAVAILABLE when it cannot be known (Redis down or not reloaded yet). */
  async isRevoked(sessionId: string): Promise<boolean> {
    let status: RevocationStatus;
    try {
      status = await this.status(sessionId);
    } catch (error) {
      throw new ServiceUnavailableError('Could not check the session; retry shortly.', { cause: error });
    }
    if (status === 'unknown') throw new ServiceUnavailableError('Signed-out sessions are being reloaded; retry shortly.');
    return status === 'revoked';
  }

  /** Whether the list was rebuilt since Redis last started empty. */
  async isLoaded(): Promise<boolean> {
    return (await this.redis.exists(this.keys.revocationsLoaded)) === 1;
  }

  /** Marks sessions revoked for `ttlSeconds` (the access token lifetime) and tells listeners. */
  async revoke(sessionIds: readonly string[], ttlSeconds: number): Promise<void> {
    if (sessionIds.length === 0) return;
    const multi = this.redis.multi();
    for (const sessionId of sessionIds) multi.set(this.keys.revokedSession(sessionId), '1', { EX: ttlSeconds });
    await multi.exec();
    await this.redis.publish(this.keys.sessionRevokedChannel, JSON.stringify({ sessionIds }));
  }

  /** Writes every still-relevant revocation and the `loaded` sentinel at once (MULTI). */
  async restore(sessions: readonly RevokedSession[]): Promise<void> {
    const multi = this.redis.multi();
    for (const { sessionId, ttlSeconds } of sessions) multi.set(this.keys.revokedSession(sessionId), '1', { EX: Math.max(1, Math.ceil(ttlSeconds)) });
    multi.set(this.keys.revocationsLoaded, new Date().toISOString());
    await multi.exec();
  }
}
