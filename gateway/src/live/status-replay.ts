import { encodeStatusCursor } from '@saas/contracts';
import { type ExecutionResult, GraphQLError, type GraphQLSchema } from 'graphql';
import { executeEvent, type SupergraphFetch } from './event-executor';
import type { LiveSubscription } from './live-subscription';

const HISTORY_QUERY = `query LiveStatusHistory($tenantId: ID!, $instanceId: ID, $after: String) {
  instanceStatusHistory(tenantId: $tenantId, instanceId: $instanceId, after: $after, first: 100) {
    edges { node { instance { id } status previousStatus message at sequence } }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface HistoryPage {
  instanceStatusHistory: {
    edges: Array<{ node: { instance: { id: string }; status: string; previousStatus: string | null; message: string | null; at: string; sequence: number } }>;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

/** `after` of a subscription that resumes from the start of the history (nothing happened before it). */
export const FROM_START = '';

const NEWEST_QUERY = `query LiveStatusNewest($tenantId: ID!, $instanceId: ID) {
  instanceStatusHistory(tenantId: $tenantId, instanceId: $instanceId, last: 1) { edges { cursor } }
}`;

/**
 * Where a new subscription starts (the newest change so far, FROM_START when there is none):
 * if its socket closes before any event reached it, its retry resumes from there.
 */
export async function newestStatusCursor(subscription: LiveSubscription, fetch: SupergraphFetch): Promise<string> {
  const page = await fetch(NEWEST_QUERY, { tenantId: subscription.tenantId, instanceId: subscription.instanceId });
  const error = page.errors?.[0];
  if (error) throw new GraphQLError(error.message, { extensions: error.extensions });
  const edges = (page.data as { instanceStatusHistory?: { edges: Array<{ cursor: string }> } } | null | undefined)?.instanceStatusHistory?.edges;
  if (!edges) throw new GraphQLError('No status history.');
  return edges[0]?.cursor ?? FROM_START;
}

/** The facts of one status change, as `instanceStatusChanged` resolves them (live or replayed). */
export interface StatusEventFacts {
  instanceId: string;
  status: string;
  previousStatus: string | null;
  message: string | null;
  at: string;
  sequence: number;
}

/** The root value of an `instanceStatusChanged` result, with the event's cursor. */
export function statusEventRoot(facts: StatusEventFacts): Record<string, unknown> {
  return { instanceStatusChanged: { ...facts, cursor: encodeStatusCursor(facts.instanceId, facts.sequence) } };
}

export interface StatusReplay {
  schema: () => GraphQLSchema;
  fetch: SupergraphFetch;
  /** Called for each replayed result in order, with its event key. */
  deliver: (key: string, result: ExecutionResult) => void;
}

/**
 * Replays the changes a resuming `instanceStatusChanged(after:)` subscriber missed: the
 * tenant's history after its cursor, page by page through the supergraph (as the subscriber,
 * so the instance subgraph authorizes it), each change resolved with the subscriber's own
 * selection. Throws the history's error (e.g. BAD_USER_INPUT for a foreign cursor).
 */
export async function replayStatusHistory(subscription: LiveSubscription, after: string, replay: StatusReplay): Promise<void> {
  for (let cursor: string | null = after; cursor !== null; ) {
    const page = await replay.fetch(HISTORY_QUERY, { tenantId: subscription.tenantId, instanceId: subscription.instanceId, after: cursor || null });
    const error = page.errors?.[0];
    if (error) throw new GraphQLError(error.message, { extensions: error.extensions });
    const history = (page.data as HistoryPage | null | undefined)?.instanceStatusHistory;
    if (!history) return;
    for (const { node } of history.edges) {
      const facts: StatusEventFacts = { ...node, instanceId: node.instance.id };
      const result = await executeEvent({
        schema: replay.schema(),
        document: subscription.document,
        variables: subscription.variables,
        operationName: subscription.operationName,
        rootValue: statusEventRoot(facts),
        fetch: replay.fetch,
      });
      replay.deliver(`${facts.instanceId}:${facts.sequence}`, result);
    }
    cursor = history.pageInfo.hasNextPage ? history.pageInfo.endCursor : null;
  }
}

/**
 * After the gateway's Redis subscriber was disconnected, every status subscription replays
 * the history after the last change it received (live results held meanwhile, repeats
 * dropped): what was published while nobody listened is not lost. A few at once.
 */
export async function catchUp(
  subscriptions: readonly LiveSubscription[],
  cursorOf: (subscription: LiveSubscription) => string | null,
  replayFor: (subscription: LiveSubscription) => StatusReplay,
  onError: (subscription: LiveSubscription, error: unknown) => void,
  concurrency = 8,
): Promise<void> {
  const pending = subscriptions.filter((subscription) => subscription.field === 'instanceStatusChanged' && !subscription.iterator.isEnded);
  const workers = Array.from({ length: Math.min(concurrency, pending.length) }, async () => {
    for (let subscription = pending.shift(); subscription; subscription = pending.shift()) {
      const cursor = cursorOf(subscription);
      if (cursor === null) continue;
      subscription.outlet.hold();
      try {
        await replayStatusHistory(subscription, cursor, replayFor(subscription));
      } catch (error) {
        onError(subscription, error);
      } finally {
        subscription.outlet.release();
      }
    }
  });
  await Promise.all(workers);
}
