import type { TenantChannelMessage } from '@saas/contracts';
import type { Logger } from '@saas/logger';
import type { RedisClient, RedisKeys } from '@saas/redis';

export type TenantListener = (message: TenantChannelMessage) => void;

/** Where subscription groups listen to a tenant's events (the hub; a fake in unit tests). */
export interface TenantEventSource {
  /** Starts delivering the tenant's channel messages to `listener`; resolves to stop. */
  listen(tenantId: string, listener: TenantListener): Promise<() => Promise<void>>;
}

export interface MembershipChange {
  tenantId: string;
  userId?: string;
  role?: string | null;
}

/**
 * The gateway's one Redis subscriber connection: tenant channels are subscribed while at
 * least one local subscription needs them; membership changes and session revocations are
 * always listened to.
 */
export class TenantEventHub implements TenantEventSource {
  private readonly listeners = new Map<string, Set<TenantListener>>();

  private constructor(
    private readonly subscriber: RedisClient,
    private readonly keys: RedisKeys,
    private readonly logger: Logger,
  ) {}

  static async start(
    redis: RedisClient,
    keys: RedisKeys,
    logger: Logger,
    handlers: {
      membershipChanged: (change: MembershipChange) => void;
      sessionsRevoked: (sessionIds: string[]) => void;
      /** The connection came back (and its channels are subscribed again): what was published meanwhile is lost. */
      reconnected?: () => void;
    },
  ): Promise<TenantEventHub> {
    // Subscriptions wait for Redis to come back (the request client fails fast).
    const subscriber = redis.duplicate({ disableOfflineQueue: false });
    subscriber.on('error', (error: Error) => logger.warn({ err: error }, 'redis subscriber error'));
    await subscriber.connect();
    const hub = new TenantEventHub(subscriber, keys, logger);
    await subscriber.subscribe(keys.membershipChangedChannel, (raw) => {
      const change = parse<MembershipChange>(raw);
      if (change?.tenantId) handlers.membershipChanged(change);
    });
    await subscriber.subscribe(keys.sessionRevokedChannel, (raw) => {
      const revoked = parse<{ sessionIds?: string[] }>(raw);
      if (revoked?.sessionIds) handlers.sessionsRevoked(revoked.sessionIds);
    });
    // 'ready' again means reconnected, after node-redis has subscribed the channels again.
    subscriber.on('ready', () => {
      logger.info('redis subscriber reconnected; live status subscriptions catch up from the history');
      handlers.reconnected?.();
    });
    return hub;
  }

  async listen(tenantId: string, listener: TenantListener): Promise<() => Promise<void>> {
    let set = this.listeners.get(tenantId);
    if (!set) {
      set = new Set();
      this.listeners.set(tenantId, set);
      await this.subscriber.subscribe(this.keys.instanceEventsChannel(tenantId), (raw) => this.dispatch(tenantId, raw));
    }
    set.add(listener);
    return async () => {
      const current = this.listeners.get(tenantId);
      if (!current) return;
      current.delete(listener);
      if (current.size === 0) {
        this.listeners.delete(tenantId);
        await this.subscriber.unsubscribe(this.keys.instanceEventsChannel(tenantId)).catch(() => undefined);
      }
    };
  }

  async close(): Promise<void> {
    await this.subscriber.quit().catch(() => undefined);
  }

  private dispatch(tenantId: string, raw: string): void {
    const message = parse<TenantChannelMessage>(raw);
    if (!message || message.tenantId !== tenantId) {
      this.logger.warn({ tenantId }, 'malformed message on a tenant channel ignored');
      return;
    }
    for (const listener of this.listeners.get(tenantId) ?? []) listener(message);
  }
}

function parse<T>(raw: string): T | undefined {
  try {
    return JSON.parse(raw) as T;
  } catch {
    return undefined;
  }
}
