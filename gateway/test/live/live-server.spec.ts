import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import type { Viewer } from '@saas/auth';
import { createFormatError } from '@saas/errors';
import { createLogger } from '@saas/logger';
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import type { GatewayContext } from '../../src/context';
import { DEFAULT_QUERY_LIMITS } from '../../src/limits/query-limits';
import type { InstanceLogSource } from '../../src/live/instance-log-streams';
import type { TenantListener } from '../../src/live/tenant-event-hub';
import { startLiveServer } from '../../src/live/live-server';
import { TOO_MANY_SOCKETS_CLOSE_CODE } from '../../src/live/user-socket-limit';
import { apiSchema, InMemoryTenantEvents, statusEvent, viewer } from './live-fixtures';

type Result = { data?: Record<string, unknown> | null; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };

const TENANT = '00000000-0000-4000-8000-000000000001';
const INSTANCE = '00000000-0000-4000-8000-000000000002';
/** A tenant whose channel cannot be listened to (as when Redis fails). */
const BROKEN_TENANT = '00000000-0000-4000-8000-00000000dead';

const noLogs: InstanceLogSource = { add: async () => undefined, remove: () => undefined, all: () => [], size: 0, close: async () => undefined };

/**
 * The live server on a real HTTP server, with stock `graphql-ws` clients: Apollo Server runs
 * the API schema with no resolvers (so `plans` fails: a non-null field resolved to null),
 * tokens are user ids, every user is a MEMBER of every tenant, events come from memory.
 */
async function startHarness(options: { maxSocketsPerUser?: number; trustedProxies?: string[] } = {}) {
  const schema = apiSchema();
  const formatError = createFormatError();
  const contexts: GatewayContext[] = [];
  const apollo = new ApolloServer<GatewayContext>({
    schema,
    formatError,
    plugins: [{ requestDidStart: async ({ contextValue }) => void contexts.push(contextValue) }],
  });
  await apollo.start();
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const events = new InMemoryTenantEvents();
  const live = await startLiveServer({
    httpServer: server,
    path: '/graphql',
    apollo,
    schema: () => schema,
    verifier: { verify: async (token: string): Promise<Viewer> => viewer(token) },
    authorizer: { accessOf: async (_viewer, tenantId) => ({ tenantId, role: 'MEMBER', tenantStatus: 'ACTIVE' }) },
    hub: async () => ({
      listen: (tenantId: string, listener: TenantListener) => (tenantId === BROKEN_TENANT ? Promise.reject(new Error('redis: connection lost')) : events.listen(tenantId, listener)),
      close: async () => undefined,
    }),
    logs: async () => noLogs,
    logger: createLogger({ service: 'gateway-test', level: 'silent' }),
    limits: DEFAULT_QUERY_LIMITS,
    formatError,
    ...options,
  });
  const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  const clients: Client[] = [];
  return {
    events,
    contexts,
    client(userId: string, onClosed: (event: { code: number; reason: string }) => void = () => undefined, headers: Record<string, string> = {}): Client {
      const client = createClient({
        url,
        webSocketImpl: class extends WebSocket {
          constructor(address: string, protocols?: string | string[]) {
            super(address, protocols, { headers });
          }
        },
        connectionParams: { authorization: `Bearer ${userId}` },
        retryAttempts: 0,
        lazy: false,
        onNonLazyError: () => undefined,
        on: { closed: (event) => onClosed(event as { code: number; reason: string }) },
      });
      clients.push(client);
      return client;
    },
    async stop() {
      await Promise.all(clients.map((client) => client.dispose()));
      await live.close();
      await apollo.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** One operation's outcome: its results, and whether it ended with `error` or `complete`. */
function run(client: Client, query: string, variables: Record<string, unknown> = {}) {
  const results: Result[] = [];
  let ended: 'complete' | 'error' | undefined;
  const done = new Promise<void>((resolve) => {
    client.subscribe(
      { query, variables },
      {
        next: (value) => results.push(value as Result),
        error: (error) => {
          ended = 'error';
          results.push({ errors: Array.isArray(error) ? error : [{ message: String((error as { reason?: string }).reason ?? error) }] });
          resolve();
        },
        complete: () => {
          ended ??= 'complete';
          resolve();
        },
      },
    );
  });
  return { results, done, ended: () => ended };
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let attempt = 0; attempt < 200 && !check(); attempt += 1) await new Promise((resolve) => setTimeout(resolve, 25));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
}

describe('live server: graphql-ws failures and limits', () => {
  let harness: Awaited<ReturnType<typeof startHarness>>;

  afterEach(async () => {
    await harness?.stop();
  });

  it('answers a failing operation with its own errors and keeps the socket and its other subscriptions', async () => {
    harness = await startHarness();
    const closes: number[] = [];
    const client = harness.client('user-a', (event) => closes.push(event.code));
    const status = run(client, 'subscription($t: ID!) { instanceStatusChanged(tenantId: $t) { status } }', { t: TENANT });
    await until(() => harness.events.listenerCount(TENANT) === 1, 'the subscription to listen');

    const failing = run(client, 'query($id: ID!) { tenant(id: $id) { id } }', { id: { not: 'an id' } });
    await failing.done;
    expect(failing.results).toHaveLength(1);
    expect(failing.results[0]?.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    const masked = run(client, '{ plans { code } }');
    await masked.done;
    expect(masked.results).toEqual([{ data: null, errors: [expect.objectContaining({ message: 'Internal server error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } })] }]);

    const alive = run(client, '{ __typename }');
    await alive.done;
    expect(alive.results).toEqual([{ data: { __typename: 'Query' } }]);

    harness.events.publish(statusEvent(TENANT, INSTANCE, 1, 'RUNNING'));
    await until(() => status.results.length === 1, 'the event');
    expect(status.results[0]).toEqual({ data: { instanceStatusChanged: { status: 'RUNNING' } } });
    expect(status.ended()).toBeUndefined();
    expect(closes).toEqual([]);
  });

  it('answers a subscription whose setup throws with an error for that subscription only', async () => {
    harness = await startHarness();
    const closes: number[] = [];
    const client = harness.client('user-b', (event) => closes.push(event.code));
    const status = run(client, 'subscription($t: ID!) { instanceStatusChanged(tenantId: $t) { status } }', { t: TENANT });
    await until(() => harness.events.listenerCount(TENANT) === 1, 'the subscription to listen');
    const broken = run(client, 'subscription($t: ID!) { instanceStatusChanged(tenantId: $t) { status } }', { t: BROKEN_TENANT });
    await broken.done;
    expect(broken.results).toEqual([{ errors: [{ message: 'Internal server error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }]);

    harness.events.publish(statusEvent(TENANT, INSTANCE, 1, 'STOPPED'));
    await until(() => status.results.length === 1, 'the event');
    expect(status.results[0]).toEqual({ data: { instanceStatusChanged: { status: 'STOPPED' } } });
    expect(closes).toEqual([]);
  });

  it('refuses a socket of a user over MAX_SOCKETS_PER_USER with 4429, and admits another user and a socket after one closed', async () => {
    harness = await startHarness({ maxSocketsPerUser: 2 });
    const opened = async (userId: string) => {
      const closes: Array<{ code: number; reason: string }> = [];
      const client = harness.client(userId, (event) => closes.push(event));
      const probe = run(client, '{ __typename }');
      await probe.done;
      return { client, closes, probe };
    };
    const first = await opened('user-c');
    await opened('user-c');
    const third = await opened('user-c');
    expect(third.probe.ended()).toBe('error');
    await until(() => third.closes.length === 1, 'the refusal');
    expect(third.closes[0]).toMatchObject({ code: TOO_MANY_SOCKETS_CLOSE_CODE, reason: expect.stringMatching(/Too many open sockets/) });

    const other = await opened('user-d');
    expect(other.probe.results).toEqual([{ data: { __typename: 'Query' } }]);

    await first.client.dispose();
    await until(() => first.closes.length === 1, 'the first socket to close');
    const again = await opened('user-c');
    expect(again.probe.results).toEqual([{ data: { __typename: 'Query' } }]);
  });

  it('forwards operations sent over the socket with the socket client address, as the HTTP path determines it', async () => {
    harness = await startHarness({ trustedProxies: ['127.0.0.1'] });
    const direct = run(harness.client('user-e'), '{ __typename }');
    await direct.done;
    const proxied = run(harness.client('user-f', undefined, { 'x-forwarded-for': '198.51.100.9' }), '{ __typename }');
    await proxied.done;
    expect(harness.contexts.map((context) => [context.viewer?.userId, context.clientIp])).toEqual([
      ['user-e', '127.0.0.1'],
      ['user-f', '198.51.100.9'],
    ]);
  });
});
