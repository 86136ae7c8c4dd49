import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Supergraph } from '@apollo/federation-internals';
import type { Viewer } from '@saas/auth';
import type { Role } from '@saas/authz';
import type { TenantChannelMessage } from '@saas/contracts';
import { type ExecutionResult, type GraphQLSchema, parse } from 'graphql';
import type { SupergraphFetch } from '../../src/live/event-executor';
import type { LiveSubscription } from '../../src/live/live-subscription';
import { PushIterator } from '../../src/live/push-iterator';
import { SubscriberOutlet } from '../../src/live/subscriber-outlet';
import type { TenantEventSource, TenantListener } from '../../src/live/tenant-event-hub';

/** The API schema clients see, from the committed supergraph (as the gateway derives it). */
export function apiSchema(): GraphQLSchema {
  const sdl = readFileSync(path.resolve(__dirname, '../../../schema/supergraph.graphql'), 'utf8');
  return Supergraph.build(sdl).apiSchema().toGraphQLJSSchema();
}

/** Tenant channels in memory: `publish` hands a message to the tenant's listeners at once. */
export class InMemoryTenantEvents implements TenantEventSource {
  private readonly listeners = new Map<string, Set<TenantListener>>();

  async listen(tenantId: string, listener: TenantListener): Promise<() => Promise<void>> {
    const set = this.listeners.get(tenantId) ?? new Set<TenantListener>();
    this.listeners.set(tenantId, set);
    set.add(listener);
    return async () => {
      set.delete(listener);
    };
  }

  publish(message: TenantChannelMessage): void {
    for (const listener of this.listeners.get(message.tenantId) ?? []) listener(message);
  }

  listenerCount(tenantId: string): number {
    return this.listeners.get(tenantId)?.size ?? 0;
  }
}

export interface RecordedFetch {
  userId: string;
  query: string;
  variables: Record<string, unknown>;
}

/**
 * A supergraph stand-in: answers every fetch with `answer(viewer, variables)` and records
 * who fetched what. `hold()` makes the next fetches wait until the returned release is called.
 */
export class RecordingSupergraph {
  readonly fetches: RecordedFetch[] = [];
  private gate: Promise<void> | undefined;

  constructor(private readonly answer: (viewer: Viewer, variables: Record<string, unknown>) => unknown) {}

  fetchAs = (subscription: LiveSubscription): SupergraphFetch => {
    return async (query, variables) => {
      this.fetches.push({ userId: subscription.viewer.userId, query, variables });
      if (this.gate) await this.gate;
      return { data: { result: this.answer(subscription.viewer, variables) } } as ExecutionResult;
    };
  };

  hold(): () => void {
    let release: () => void = () => undefined;
    this.gate = new Promise<void>((resolve) => {
      release = () => {
        this.gate = undefined;
        resolve();
      };
    });
    return release;
  }
}

export function viewer(userId: string, staff = false): Viewer {
  return { userId, sessionId: `session-${userId}`, staff, accessToken: `token-${userId}`, expiresAt: Math.floor(Date.now() / 1000) + 900 };
}

export interface SubscriberOptions {
  viewer: Viewer;
  tenantId: string;
  role?: Role;
  query: string;
  variables?: Record<string, unknown>;
  instanceId?: string | null;
}

export function subscriber(options: SubscriberOptions): LiveSubscription {
  const iterator = new PushIterator<ExecutionResult>(() => undefined);
  return {
    id: `${options.viewer.userId}-${Math.random().toString(36).slice(2)}`,
    viewer: options.viewer,
    clientIp: '203.0.113.7',
    tenantId: options.tenantId,
    role: options.role ?? 'MEMBER',
    field: 'instanceStatusChanged',
    instanceId: options.instanceId ?? null,
    operationId: null,
    document: parse(options.query),
    source: options.query,
    variables: options.variables ?? { tenantId: options.tenantId },
    operationName: null,
    iterator,
    outlet: new SubscriberOutlet(iterator),
  };
}

let eventCount = 0;

export function statusEvent(tenantId: string, instanceId: string, sequence: number, status: 'PENDING' | 'PROVISIONING' | 'RUNNING' | 'STOPPED' = 'RUNNING'): TenantChannelMessage {
  eventCount += 1;
  return {
    type: 'instance.status',
    eventId: `event-${eventCount}`,
    tenantId,
    instanceId,
    sequence,
    status,
    previousStatus: null,
    message: null,
    operationId: null,
    at: new Date(0).toISOString(),
  };
}

/** The next `count` results a subscriber receives. */
export async function nextResults(subscription: LiveSubscription, count: number): Promise<ExecutionResult[]> {
  const results: ExecutionResult[] = [];
  for (let i = 0; i < count; i += 1) {
    const next = await subscription.iterator.next();
    if (next.done) break;
    results.push(next.value);
  }
  return results;
}
