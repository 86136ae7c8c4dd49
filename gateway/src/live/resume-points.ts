import { createHash } from 'node:crypto';
import type { RedisClient, RedisKeys } from '@saas/redis';

/** Where a status subscription was when its socket closed, for the client's retry of it. */
export interface ResumePoint {
  cursor: string;
  /** The subscription's document, operation and variables (without `after`). */
  fingerprint: string;
}

/**
 * Resume points by session and graphql-ws subscription id. A stock graphql-ws client (and
 * Apollo Client on it) retries a retryable close (4419 token expired, a network drop) by
 * subscribing again with the same id and payload from the same session (a refreshed token
 * keeps its session): the gateway resumes it after what it last delivered, although the client
 * passed no `after`. Kept in Redis so the retry may land on another gateway process.
 */
export interface ResumePoints {
  save(sessionId: string, subscriptionId: string, point: ResumePoint): Promise<void>;
  /** The point, once: a second retry with the same id does not resume twice. */
  take(sessionId: string, subscriptionId: string): Promise<ResumePoint | null>;
}

/** How long a closed subscription can be resumed by its retry. */
const KEEP_SECONDS = 300;

export class RedisResumePoints implements ResumePoints {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
  ) {}

  async save(sessionId: string, subscriptionId: string, point: ResumePoint): Promise<void> {
    await this.redis.set(this.keys.liveResumePoint(sessionId, subscriptionId), JSON.stringify(point), { EX: KEEP_SECONDS });
  }

  async take(sessionId: string, subscriptionId: string): Promise<ResumePoint | null> {
    const raw = await this.redis.getDel(this.keys.liveResumePoint(sessionId, subscriptionId));
    if (!raw) return null;
    try {
      return JSON.parse(raw) as ResumePoint;
    } catch {
      return null;
    }
  }
}

/** In one process (unit tests). */
export class MemoryResumePoints implements ResumePoints {
  private readonly points = new Map<string, ResumePoint>();

  async save(sessionId: string, subscriptionId: string, point: ResumePoint): Promise<void> {
    this.points.set(`${sessionId}|${subscriptionId}`, point);
  }

  async take(sessionId: string, subscriptionId: string): Promise<ResumePoint | null> {
    const key = `${sessionId}|${subscriptionId}`;
    const point = this.points.get(key) ?? null;
    this.points.delete(key);
    return point;
  }
}

/** What must be the same for a retry to be the same subscription. */
export function subscriptionFingerprint(query: string, operationName: string | null | undefined, variables: Record<string, unknown>, afterVariable: string | null): string {
  const rest = Object.fromEntries(Object.entries(variables).filter(([name]) => name !== afterVariable));
  return createHash('sha256').update(JSON.stringify([query, operationName ?? null, rest])).digest('base64url');
}
