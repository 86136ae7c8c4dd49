import { decodeStatusCursor } from '@saas/contracts';
import type { ExecutionResult } from 'graphql';
import type { SupergraphFetch } from '../../src/live/event-executor';
import { catchUp, FROM_START, newestStatusCursor, replayStatusHistory } from '../../src/live/status-replay';
import { subscriber, viewer, apiSchema } from './live-fixtures';

const TENANT = '00000000-0000-4000-8000-000000000001';
const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const QUERY = 'subscription($tenantId: ID!, $after: String) { instanceStatusChanged(tenantId: $tenantId, after: $after) { status sequence cursor instance { id name } } }';

const node = (instanceId: string, sequence: number, status: string) => ({ node: { instance: { id: instanceId }, status, previousStatus: null, message: null, at: new Date(0).toISOString(), sequence } });

describe('replayStatusHistory', () => {
  const schema = apiSchema();

  it('replays every page after the cursor in order, each change with its cursor and the subscriber’s selection', async () => {
    const pages: Record<string, ExecutionResult> = {
      start: { data: { instanceStatusHistory: { edges: [node(A, 4, 'STOPPING'), node(B, 1, 'PENDING')], pageInfo: { hasNextPage: true, endCursor: 'page-2' } } } },
      'page-2': { data: { instanceStatusHistory: { edges: [node(A, 5, 'STOPPED')], pageInfo: { hasNextPage: false, endCursor: 'x' } } } },
    };
    const asked: unknown[] = [];
    const fetch: SupergraphFetch = async (query, variables) => {
      if (query.includes('LiveEventFetch')) return { data: { result: { id: variables.liveEventId, name: `name of ${String(variables.liveEventId)}` } } };
      asked.push(variables.after);
      return pages[String(variables.after ?? 'start')] as ExecutionResult;
    };
    const delivered: Array<[string, unknown]> = [];
    const subscription = subscriber({ viewer: viewer('alice'), tenantId: TENANT, query: QUERY, variables: { tenantId: TENANT } });
    await replayStatusHistory(subscription, FROM_START, { schema: () => schema, fetch, deliver: (key, result) => delivered.push([key, result.data?.instanceStatusChanged]) });

    expect(asked).toEqual([null, 'page-2']);
    expect(delivered.map(([key]) => key)).toEqual([`${A}:4`, `${B}:1`, `${A}:5`]);
    const [, first] = delivered[0] as [string, { status: string; cursor: string; instance: { name: string } }];
    expect(first).toMatchObject({ status: 'STOPPING', sequence: 4, instance: { id: A, name: `name of ${A}` } });
    expect(decodeStatusCursor(first.cursor)).toEqual({ instanceId: A, sequence: 4 });
  });

  it('throws the history’s own error (a foreign cursor is BAD_USER_INPUT)', async () => {
    const fetch: SupergraphFetch = async () => ({ data: null, errors: [{ message: 'Cursor is not valid', extensions: { code: 'BAD_USER_INPUT' } }] }) as unknown as ExecutionResult;
    const subscription = subscriber({ viewer: viewer('alice'), tenantId: TENANT, query: QUERY });
    await expect(replayStatusHistory(subscription, 'c', { schema: () => schema, fetch, deliver: () => undefined })).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('starts a new subscription at the newest change, or at the start of an empty history', async () => {
    const subscription = subscriber({ viewer: viewer('alice'), tenantId: TENANT, query: QUERY });
    const answering = (edges: Array<{ cursor: string }>): SupergraphFetch => async () => ({ data: { instanceStatusHistory: { edges } } });
    expect(await newestStatusCursor(subscription, answering([{ cursor: 'newest' }]))).toBe('newest');
    expect(await newestStatusCursor(subscription, answering([]))).toBe(FROM_START);
  });

  it('catches every open status subscription up after a reconnection, live results held and repeats dropped', async () => {
    const subscription = subscriber({ viewer: viewer('alice'), tenantId: TENANT, query: QUERY });
    const idle = subscriber({ viewer: viewer('bob'), tenantId: TENANT, query: QUERY });
    subscription.outlet.push(`${A}:3`, { data: { n: 3 } });
    await subscription.iterator.next();
    const asked: unknown[] = [];
    const fetch: SupergraphFetch = async (query, variables) => {
      if (query.includes('LiveEventFetch')) return { data: { result: { id: variables.liveEventId, name: 'x' } } };
      asked.push(variables.after);
      // Meanwhile the live channel delivers 5 again (held, then dropped as a repeat).
      subscription.outlet.deliver(`${A}:5`, { data: { live: 5 } });
      return { data: { instanceStatusHistory: { edges: [node(A, 4, 'STOPPING'), node(A, 5, 'STOPPED')], pageInfo: { hasNextPage: false, endCursor: null } } } };
    };
    await catchUp(
      [subscription, idle],
      (s) => (s === subscription ? 'after-3' : null),
      (s) => ({ schema: () => schema, fetch, deliver: (key, result) => s.outlet.push(key, result) }),
      () => undefined,
    );
    expect(asked).toEqual(['after-3']);
    const received = [];
    while (subscription.iterator.queued > 0) received.push((await subscription.iterator.next()).value?.data?.instanceStatusChanged?.status ?? 'live');
    expect(received).toEqual(['STOPPING', 'STOPPED']);
    expect(idle.iterator.queued).toBe(0);
  });
});
