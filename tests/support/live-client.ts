import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';

/** What a subscriber saw: results in arrival order, and how the subscription ended. */
export interface Subscriber<T> {
  results: Array<{ data?: T | null; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> }>;
  completed: Promise<void>;
  /** The socket's close event, if it closed. */
  closed: Promise<{ code: number; reason: string }>;
  dispose: () => Promise<void>;
  client: Client;
}

/**
 * A real `graphql-ws` client on the gateway's port and path, authenticated with an access
 * token in the `connection_init` payload, as Apollo Sandbox or any browser client would.
 */
export function subscribe<T>(url: string, token: string | undefined, query: string, variables: Record<string, unknown> = {}): Subscriber<T> {
  let resolveClosed: (value: { code: number; reason: string }) => void = () => undefined;
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    resolveClosed = resolve;
  });
  const client = createClient({
    url,
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: false,
    // A refused or closed socket is reported through `closed` and the sink's `error`; the
    // library's default would also print the close event to the console.
    onNonLazyError: () => undefined,
    on: { closed: (event) => resolveClosed({ code: (event as { code: number }).code, reason: String((event as { reason: unknown }).reason) }) },
  });
  const results: Subscriber<T>['results'] = [];
  const completed = new Promise<void>((resolve) => {
    client.subscribe<T>(
      { query, variables },
      {
        next: (value) => results.push(value as Subscriber<T>['results'][number]),
        error: (error) => {
          const errors = Array.isArray(error) ? error : [{ message: String((error as { reason?: string }).reason ?? error) }];
          results.push({ errors });
          resolve();
        },
        complete: () => resolve(),
      },
    );
  });
  return { results, completed, closed, client, dispose: () => client.dispose() as Promise<void> };
}

/** Waits until the subscriber has at least `count` results. */
export async function waitForResults<T>(subscriber: Subscriber<T>, count: number, timeoutMs = 120_000): Promise<Subscriber<T>['results']> {
  const deadline = Date.now() + timeoutMs;
  while (subscriber.results.length < count) {
    if (Date.now() > deadline) throw new Error(`expected ${count} results, got ${JSON.stringify(subscriber.results)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return subscriber.results;
}
