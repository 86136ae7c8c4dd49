import { createHash } from 'node:crypto';
import type { TenantChannelMessage } from '@saas/contracts';
import type { Logger } from '@saas/logger';
import { type ExecutionResult, GraphQLError, type GraphQLSchema } from 'graphql';
import { executeEvent, type SupergraphFetch } from './event-executor';
import { InstanceSequences } from './instance-sequences';
import type { LiveSubscription } from './live-subscription';
import { statusEventRoot } from './status-replay';
import type { TenantEventSource } from './tenant-event-hub';
import { dependsOnViewer } from './viewer-dependence';

/** A fetch as one member of a group (all members see the same data, see `groupKey`). */
export type FetchAs = (subscription: LiveSubscription) => SupergraphFetch;

const TERMINAL_OPERATION_STATUSES = new Set(['SUCCEEDED', 'FAILED']);

/**
 * Subscribers whose results are the same (see `groupKey`) form a group: each event is
 * resolved once per group and the result sent to every member. A group handles its events
 * one after the other and drops an instance's stale or repeated changes, so every member
 * sees an instance's changes in sequence order.
 */
class SubscriptionGroup {
  readonly members = new Set<LiveSubscription>();
  /** Members moving to another group: delivered to at once (their outlet holds the new group's). */
  private readonly leaving = new Set<LiveSubscription>();
  private readonly pending: Array<TenantChannelMessage | Departure> = [];
  private readonly sequences = new InstanceSequences();
  private draining = false;
  stopListening: (() => Promise<void>) | undefined;

  constructor(
    readonly key: string,
    private readonly template: LiveSubscription,
    private readonly schema: () => GraphQLSchema,
    private readonly fetchAs: FetchAs,
    private readonly logger: Logger,
  ) {}

  /**
   * Removes a member once every event received so far was delivered to it, so a member
   * moving to another group misses none of the events this one had queued.
   */
  leaveAfterDrain(member: LiveSubscription): Promise<void> {
    if (!this.members.has(member)) return Promise.resolve();
    this.leaving.add(member);
    return new Promise((resolve) => {
      this.pending.push({ departure: member, done: resolve });
      if (!this.draining) void this.drain();
    });
  }

  onMessage(message: TenantChannelMessage): void {
    if (!this.matches(message)) return;
    if (!this.sequences.accept(message)) {
      this.logger.debug({ instanceId: message.instanceId, eventId: message.eventId }, 'stale or repeated instance status event dropped');
      return;
    }
    this.pending.push(message);
    if (!this.draining) void this.drain();
  }

  /**
   * Delivers queued events in arrival order. Events that queued up while the previous ones
   * were resolved form a batch that shares one supergraph fetch per subtree: the fetched
   * part (`instance { ... }`) is the instance as it is now either way, while each event's
   * own facts (status, sequence, at) still come from that event.
   */
  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.pending.length > 0) {
        const batch = this.pending.splice(0);
        const representative = this.members.values().next().value;
        let fetch: SupergraphFetch | undefined;
        for (const item of batch) {
          if ('departure' in item) {
            this.members.delete(item.departure);
            this.leaving.delete(item.departure);
            item.done();
          } else if (representative) {
            fetch ??= memoizeFetch(this.fetchAs(representative));
            await this.deliver(item, fetch).catch((error: unknown) => {
              const { tenantId, instanceId, field } = this.template;
              this.logger.error({ err: error, tenantId, instanceId, field }, 'live event delivery failed');
            });
          }
        }
      }
    } finally {
      this.draining = false;
    }
  }

  private matches(message: TenantChannelMessage): boolean {
    const subscription = this.template;
    if (subscription.field === 'instanceStatusChanged') {
      return message.type === 'instance.status' && (!subscription.instanceId || subscription.instanceId === message.instanceId);
    }
    return message.type === 'operation.progress' && message.operationId === subscription.operationId;
  }

  private async deliver(message: TenantChannelMessage, fetch: SupergraphFetch): Promise<void> {
    const rootValue =
      message.type === 'instance.status'
        ? statusEventRoot({
            instanceId: message.instanceId,
            status: message.status,
            previousStatus: message.previousStatus,
            message: message.message,
            at: message.at,
            sequence: message.sequence,
          })
        : { operationProgress: { operationId: message.operationId } };
    let result: ExecutionResult;
    try {
      result = await executeEvent({
        schema: this.schema(),
        document: this.template.document,
        variables: this.template.variables,
        operationName: this.template.operationName,
        rootValue,
        fetch,
      });
    } catch (error) {
      result = { errors: [error instanceof GraphQLError ? error : new GraphQLError('Could not resolve the event.')] };
    }
    const finished = message.type === 'operation.progress' && TERMINAL_OPERATION_STATUSES.has(message.status);
    const key = eventKey(message);
    for (const member of this.members) {
      if (this.leaving.has(member)) member.outlet.push(key, result);
      else member.outlet.deliver(key, result);
      if (finished) member.outlet.finish();
    }
  }
}

/** A member that leaves once the events queued before it are delivered. */
interface Departure {
  departure: LiveSubscription;
  done: () => void;
}

/**
 * What identifies an event for a subscriber, the same live and replayed from history: an
 * instance's change by its sequence, an operation's progress by its event.
 */
export function eventKey(message: TenantChannelMessage): string {
  return message.type === 'instance.status' ? `${message.instanceId}:${message.sequence}` : message.eventId;
}

/** One fetch per distinct query and variables for the lifetime of the returned function. */
function memoizeFetch(fetch: SupergraphFetch): SupergraphFetch {
  const results = new Map<string, Promise<ExecutionResult>>();
  return (query, variables) => {
    const key = `${query}\u0000${JSON.stringify(variables)}`;
    let result = results.get(key);
    if (!result) {
      result = fetch(query, variables);
      results.set(key, result);
    }
    return result;
  };
}

export class SubscriptionGroups {
  private readonly groups = new Map<string, SubscriptionGroup>();
  private readonly bySubscription = new Map<LiveSubscription, SubscriptionGroup>();

  constructor(
    private readonly hub: TenantEventSource,
    private readonly schema: () => GraphQLSchema,
    private readonly fetchAs: FetchAs,
    private readonly logger: Logger,
  ) {}

  /**
   * Moves a subscription to the group of its new role without losing or repeating an event:
   * the new group's results are held while the old group delivers what it had received.
   */
  async changeRole(subscription: LiveSubscription, role: LiveSubscription['role']): Promise<void> {
    const previous = this.bySubscription.get(subscription);
    if (!previous || subscription.role === role) return;
    subscription.outlet.hold();
    try {
      subscription.role = role;
      await this.add(subscription);
      await previous.leaveAfterDrain(subscription);
      this.dropIfEmpty(previous);
    } finally {
      subscription.outlet.release();
    }
  }

  async add(subscription: LiveSubscription): Promise<void> {
    const key = groupKey(subscription, dependsOnViewer(this.schema(), subscription.document));
    let group = this.groups.get(key);
    if (!group) {
      const created = new SubscriptionGroup(key, subscription, this.schema, this.fetchAs, this.logger);
      this.groups.set(key, created);
      created.stopListening = await this.hub.listen(subscription.tenantId, (message) => created.onMessage(message));
      group = created;
    }
    group.members.add(subscription);
    this.bySubscription.set(subscription, group);
  }

  remove(subscription: LiveSubscription): void {
    const group = this.bySubscription.get(subscription);
    if (!group) return;
    this.bySubscription.delete(subscription);
    group.members.delete(subscription);
    this.dropIfEmpty(group);
  }

  private dropIfEmpty(group: SubscriptionGroup): void {
    if (group.members.size > 0 || this.groups.get(group.key) !== group) return;
    this.groups.delete(group.key);
    void group.stopListening?.();
  }

  /** Every live subscription (membership and session changes are checked against them). */
  all(): LiveSubscription[] {
    return [...this.bySubscription.keys()];
  }

  get size(): { subscriptions: number; groups: number } {
    return { subscriptions: this.bySubscription.size, groups: this.groups.size };
  }
}

/**
 * Who may share one resolution of an event. The supergraph answers as one member of the
 * group, so members must be indistinguishable to every field they select:
 * - the same tenant, role and staff flag (what authorization looks at), and the same
 *   document, operation and variables;
 * - and, when the selection reaches a viewer-dependent type or field (`User`, whose
 *   `memberships` show only the tenants the viewer shares with that user; see
 *   `dependsOnViewer`), the same user: such selections are resolved per viewer.
 * Selections that reach none of those stay shared across users.
 */
function groupKey(subscription: LiveSubscription, viewerDependent: boolean): string {
  return createHash('sha256')
    .update(
      JSON.stringify([
        subscription.tenantId,
        subscription.role,
        subscription.viewer.staff,
        viewerDependent ? subscription.viewer.userId : null,
        subscription.field,
        subscription.source,
        subscription.operationName,
        subscription.groupVariables ?? subscription.variables,
      ]),
    )
    .digest('hex');
}
