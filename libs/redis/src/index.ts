import type { Logger } from '@saas/logger';
import { createClient } from 'redis';

export type RedisClient = ReturnType<typeof createClient>;

export interface RedisConfig {
  url: string;
  logger: Logger;
  /** Shown in Redis `CLIENT LIST`, handy when several services share a server. */
  name: string;
  /**
   * For a client requests wait on: while Redis is unreachable a command fails at once
   * (ClientOfflineError, answered as a retryable SERVICE_UNAVAILABLE) instead of waiting in
   * the offline queue until Redis is back, and a connection attempt gives up after 1 s.
   * A subscriber duplicated from it should pass `{ disableOfflineQueue: false }`.
   */
  failFast?: boolean;
}

/** A connected client that reconnects with back-off and logs (not throws) connection errors. */
export async function connectRedis({ url, logger, name, failFast = false }: RedisConfig): Promise<RedisClient> {
  const client = createClient({
    url,
    name,
    socket: { reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 3_000), connectTimeout: failFast ? 1_000 : 5_000 },
    disableOfflineQueue: failFast,
  });
  let reported = false;
  client.on('error', (error: Error) => {
    if (!reported) logger.warn({ err: error }, 'redis connection error');
    reported = true;
  });
  client.on('ready', () => {
    if (reported) logger.info('redis connection restored');
    reported = false;
  });
  await client.connect();
  return client;
}

/** Readiness probe. */
export async function pingRedis(client: RedisClient): Promise<void> {
  if (!client.isReady) throw new Error('not connected');
  await client.ping();
}

/**
 * Names of every key and channel the platform uses, under one prefix so that several
 * stacks (a dev stack, test runs) can share a Redis server without seeing each other.
 */
export function redisKeys(prefix: string) {
  return {
    revokedSession: (sessionId: string) => `${prefix}revoked-session:${sessionId}`,
    /** Set by the auth subgraph once the deny-list is rebuilt; absent after Redis restarts empty. */
    revocationsLoaded: `${prefix}revocations:loaded`,
    sessionRevokedChannel: `${prefix}events:session-revoked`,
    rateLimit: (scope: string, subject: string) => `${prefix}rate:${scope}:${subject}`,
    memberships: (tenantId: string) => `${prefix}memberships:${tenantId}`,
    membershipsVersion: (tenantId: string) => `${prefix}memberships-version:${tenantId}`,
    membershipChangedChannel: `${prefix}events:membership-changed`,
    instanceEventsChannel: (tenantId: string) => `${prefix}events:instances:${tenantId}`,
    instanceEventsPattern: `${prefix}events:instances:*`,
    /** Where a live status subscription was when its socket closed (gateway/src/live/resume-points.ts). */
    liveResumePoint: (sessionId: string, subscriptionId: string) => `${prefix}live:resume:${sessionId}:${subscriptionId}`,
    /**
     * Live logs (Subscription.instanceLogs): viewers' interest, a sorted set of
     * `<instanceId>|<gatewayId>` scored by when it expires (ms) unless the gateway renews it;
     * the one follower of an instance (a lock held by a worker, `<workerId>:loading|ready`);
     * its recent lines (a list, newest last); their sequence; the channel new lines go to.
     */
    instanceLogWatchers: `${prefix}logs:watchers`,
    instanceLogFollower: (instanceId: string) => `${prefix}logs:follower:${instanceId}`,
    instanceLogRecent: (instanceId: string) => `${prefix}logs:recent:${instanceId}`,
    instanceLogSequence: (instanceId: string) => `${prefix}logs:sequence:${instanceId}`,
    instanceLogChannel: (instanceId: string) => `${prefix}logs:lines:${instanceId}`,
  };
}

export type RedisKeys = ReturnType<typeof redisKeys>;
