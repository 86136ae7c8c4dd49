import type { TenantChannelMessage } from '@saas/contracts';
import type { Logger } from '@saas/logger';
import type { RedisClient, RedisKeys } from '@saas/redis';

/**
 * Announces committed changes on the tenant's Redis channel, where every gateway process
 * picks them up for its subscribers. Called only after the change is durable.
 */
export class StatusPublisher {
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    private readonly logger: Logger,
  ) {}

  /** Publishes in call order, one after the other, so announcements never overtake each other. */
  publish(messages: readonly TenantChannelMessage[]): void {
    for (const message of messages) {
      this.chain = this.chain.then(() =>
        this.redis.publish(this.keys.instanceEventsChannel(message.tenantId), JSON.stringify(message)).catch((error: unknown) => {
          this.logger.warn({ err: error, instanceId: message.instanceId }, 'could not publish a status change to Redis');
        }),
      );
    }
  }

  /** Resolves when everything published so far has been sent (shutdown, tests). */
  flushed(): Promise<unknown> {
    return this.chain;
  }
}
