import type { EntityManager } from '@mikro-orm/postgresql';
import type { RedisRevocationList } from '@saas/auth';
import type { Orm } from '@saas/db';
import type { Logger } from '@saas/logger';
import type { RedisClient } from '@saas/redis';
import { Session } from '../entities/session.entity';

/** Revoked sessions stay on the deny-list one access token lifetime plus clock skew. */
export const REVOCATION_SKEW_SECONDS = 60;

const CHECK_INTERVAL_MS = 5_000;

export interface RevocationSyncConfig {
  orm: Orm;
  redis: RedisClient;
  revocations: RedisRevocationList;
  accessTokenTtlSeconds: number;
  logger: Logger;
  checkIntervalMs?: number;
}

/**
 * Keeps the Redis deny-list complete. The sessions table is the record of every revocation;
 * Redis keeps nothing on disk. When the `loaded` sentinel is missing (Redis restarted empty,
 * or was never filled), every session revoked within the last access token lifetime is written
 * back with the rest of its deny time, together with the sentinel. Checked at start, whenever
 * the Redis connection comes back, and every few seconds; a revocation whose Redis write
 * failed forces the next check to reload (the key may be missing while the sentinel is not).
 */
export class RevocationSync {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private dirty = false;
  private readonly onReady = () => this.trigger();

  constructor(private readonly config: RevocationSyncConfig) {}

  /** Loads once (throws if that fails), then keeps watching. */
  async start(): Promise<void> {
    await this.reload();
    this.config.redis.on('ready', this.onReady);
    this.timer = setInterval(() => this.trigger(), this.config.checkIntervalMs ?? CHECK_INTERVAL_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.config.redis.off('ready', this.onReady);
    await this.running;
  }

  /** Deny-lists sessions just revoked in the database; on failure the next check reloads. */
  async revoke(sessionIds: readonly string[], ttlSeconds: number): Promise<void> {
    try {
      await this.config.revocations.revoke(sessionIds, ttlSeconds);
    } catch (error) {
      this.dirty = true;
      throw error;
    }
  }

  /** Reloads when the sentinel is missing or a revocation could not be written. */
  async check(): Promise<void> {
    if (!this.dirty && (await this.config.revocations.isLoaded())) return;
    await this.reload();
  }

  private trigger(): void {
    this.running = this.running
      .then(() => this.check())
      .catch((error: unknown) => this.config.logger.warn({ err: error }, 'could not check the revocation list'));
  }

  private get denySeconds(): number {
    return this.config.accessTokenTtlSeconds + REVOCATION_SKEW_SECONDS;
  }

  private async reload(now = new Date()): Promise<void> {
    this.dirty = false;
    const em = this.config.orm.em.fork() as EntityManager;
    const since = new Date(now.getTime() - this.denySeconds * 1000);
    const revoked = await em.find(Session, { revokedAt: { $gt: since } }, { fields: ['id', 'revokedAt'] });
    try {
      await this.config.revocations.restore(
        revoked.map((session) => ({
          sessionId: session.id,
          ttlSeconds: ((session.revokedAt as Date).getTime() - since.getTime()) / 1000,
        })),
      );
    } catch (error) {
      this.dirty = true;
      throw error;
    }
    this.config.logger.info({ sessions: revoked.length }, 'revocation list loaded from the sessions table');
  }
}
