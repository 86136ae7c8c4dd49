import { randomUUID } from 'node:crypto';
import type { InstanceLogEntry } from '@saas/contracts';
import type { Logger } from '@saas/logger';
import type { RedisClient, RedisKeys } from '@saas/redis';
import { type ExecutionResult, GraphQLError, type GraphQLSchema } from 'graphql';
import { executeEvent } from './event-executor';
import type { LiveSubscription } from './live-subscription';

/** How long a gateway's interest in an instance's log lasts unless renewed (it renews every third of it). */
const INTEREST_TTL_MS = 9_000;
/** How long a new viewer waits for the worker's follower to have loaded the recent lines. */
const READY_WAIT_MS = 5_000;

interface LogViewer {
  subscription: LiveSubscription;
  tail: number;
  /** The number of the last line it was sent; lines up to it are not sent again. */
  lastN: number;
  /** False until its tail was sent; lines arriving before wait in `pending`. */
  ready: boolean;
  pending: InstanceLogEntry[];
  /** Lines are resolved one after the other, so they arrive in order. */
  sending: Promise<void>;
}

interface LogChannel {
  viewers: Set<LogViewer>;
  subscribed: Promise<void>;
}

/** Where live-log subscriptions are attached (the Redis-backed streams; a fake in unit tests). */
export interface InstanceLogSource {
  add(subscription: LiveSubscription, tail: number): Promise<void>;
  remove(subscription: LiveSubscription): void;
  all(): LiveSubscription[];
  readonly size: number;
  close(): Promise<void>;
}

/**
 * Subscription.instanceLogs on this gateway: per watched instance one Redis channel
 * subscription and one interest entry the workers read (renewed while it has viewers here,
 * removed with its last viewer), so the worker follows the container's log only while
 * someone watches. A new viewer gets the last `tail` lines from the follower's list, then
 * every line after them (lines are numbered, so the list and the channel never overlap).
 */
export class InstanceLogStreams implements InstanceLogSource {
  private readonly channels = new Map<string, LogChannel>();
  private readonly viewers = new Map<LiveSubscription, LogViewer>();
  private readonly gatewayId = randomUUID();
  private readonly timer: NodeJS.Timeout;

  private constructor(
    private readonly redis: RedisClient,
    private readonly subscriber: RedisClient,
    private readonly keys: RedisKeys,
    private readonly schema: () => GraphQLSchema,
    private readonly logger: Logger,
  ) {
    this.timer = setInterval(() => void this.renewInterest(), INTEREST_TTL_MS / 3);
  }

  static async start(redis: RedisClient, keys: RedisKeys, schema: () => GraphQLSchema, logger: Logger): Promise<InstanceLogStreams> {
    // Subscriptions wait for Redis to come back (the request client fails fast).
    const subscriber = redis.duplicate({ disableOfflineQueue: false });
    subscriber.on('error', (error: Error) => logger.warn({ err: error }, 'redis log subscriber error'));
    await subscriber.connect();
    return new InstanceLogStreams(redis, subscriber, keys, schema, logger);
  }

  get size(): number {
    return this.viewers.size;
  }

  all(): LiveSubscription[] {
    return [...this.viewers.keys()];
  }

  async add(subscription: LiveSubscription, tail: number): Promise<void> {
    const instanceId = subscription.instanceId;
    if (!instanceId) throw new Error('an instanceLogs subscription names its instance');
    const viewer: LogViewer = { subscription, tail, lastN: 0, ready: false, pending: [], sending: Promise.resolve() };
    this.viewers.set(subscription, viewer);
    let channel = this.channels.get(instanceId);
    if (!channel) {
      const created: LogChannel = {
        viewers: new Set(),
        subscribed: this.subscriber.subscribe(this.keys.instanceLogChannel(instanceId), (raw) => this.onLine(instanceId, raw)),
      };
      this.channels.set(instanceId, created);
      channel = created;
    }
    channel.viewers.add(viewer);
    await channel.subscribed;
    await this.interest(instanceId);
    await this.waitForFollower(instanceId, subscription);
    // After the channel subscription: a line published since is in the list and on the channel.
    const recent = (await this.redis.lRange(this.keys.instanceLogRecent(instanceId), -Math.max(tail, 1), -1)).map(parseEntry).filter((entry) => !!entry);
    if (!this.viewers.has(subscription)) return;
    for (const entry of tail > 0 ? recent : []) this.send(viewer, entry);
    viewer.lastN = Math.max(viewer.lastN, recent.at(-1)?.n ?? 0);
    viewer.ready = true;
    for (const entry of viewer.pending.splice(0)) if (entry.n > viewer.lastN) this.send(viewer, entry);
  }

  remove(subscription: LiveSubscription): void {
    const viewer = this.viewers.get(subscription);
    if (!viewer) return;
    this.viewers.delete(subscription);
    const instanceId = subscription.instanceId ?? '';
    const channel = this.channels.get(instanceId);
    if (!channel) return;
    channel.viewers.delete(viewer);
    if (channel.viewers.size > 0) return;
    this.channels.delete(instanceId);
    // The last viewer here: the worker stops following at its next poll (unless another gateway has viewers).
    void this.redis.zRem(this.keys.instanceLogWatchers, this.member(instanceId)).catch(() => undefined);
    void channel.subscribed.then(() => this.subscriber.unsubscribe(this.keys.instanceLogChannel(instanceId))).catch(() => undefined);
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    const watched = [...this.channels.keys()].map((instanceId) => this.member(instanceId));
    if (watched.length > 0) await this.redis.zRem(this.keys.instanceLogWatchers, watched).catch(() => undefined);
    await this.subscriber.quit().catch(() => undefined);
  }

  private member(instanceId: string): string {
    return `${instanceId}|${this.gatewayId}`;
  }

  private async interest(instanceId: string): Promise<void> {
    await this.redis.zAdd(this.keys.instanceLogWatchers, { score: Date.now() + INTEREST_TTL_MS, value: this.member(instanceId) });
  }

  private async renewInterest(): Promise<void> {
    for (const instanceId of this.channels.keys()) {
      await this.interest(instanceId).catch((error: unknown) => this.logger.warn({ err: error, instanceId }, 'live log interest not renewed'));
    }
  }

  /** Until a worker follows the instance with its recent lines loaded (or READY_WAIT_MS: no container yet). */
  private async waitForFollower(instanceId: string, subscription: LiveSubscription): Promise<void> {
    const deadline = Date.now() + READY_WAIT_MS;
    while (Date.now() < deadline && this.viewers.has(subscription)) {
      const state = await this.redis.get(this.keys.instanceLogFollower(instanceId));
      if (state?.endsWith(':ready')) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  private onLine(instanceId: string, raw: string): void {
    const entry = parseEntry(raw);
    const channel = this.channels.get(instanceId);
    if (!entry || !channel) return;
    for (const viewer of channel.viewers) {
      if (!viewer.ready) viewer.pending.push(entry);
      else if (entry.n > viewer.lastN) this.send(viewer, entry);
    }
  }

  private send(viewer: LogViewer, entry: InstanceLogEntry): void {
    viewer.lastN = entry.n;
    viewer.sending = viewer.sending.then(async () => viewer.subscription.iterator.push(await this.resolve(viewer.subscription, entry)));
  }

  /** The subscriber's own selection of the line (its aliases, __typename ...); no fetch needed. */
  private async resolve(subscription: LiveSubscription, entry: InstanceLogEntry): Promise<ExecutionResult> {
    try {
      return await executeEvent({
        schema: this.schema(),
        document: subscription.document,
        variables: subscription.variables,
        operationName: subscription.operationName,
        rootValue: { instanceLogs: { at: entry.at, stream: entry.stream, line: entry.line } },
        fetch: () => Promise.reject(new Error('a log line has nothing to fetch')),
      });
    } catch (error) {
      return { errors: [error instanceof GraphQLError ? error : new GraphQLError('Could not resolve the log line.')] };
    }
  }
}

function parseEntry(raw: string): InstanceLogEntry | undefined {
  try {
    const entry = JSON.parse(raw) as InstanceLogEntry;
    return typeof entry.n === 'number' && typeof entry.line === 'string' ? entry : undefined;
  } catch {
    return undefined;
  }
}
