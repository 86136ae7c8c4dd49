import { ApolloClient, ApolloLink, HttpLink } from '@apollo/client';
import { SetContextLink } from '@apollo/client/link/context';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getMainDefinition } from '@apollo/client/utilities';
import { type Client, createClient } from 'graphql-ws';
import { createCache } from './cache';
import type { ApiEndpoint } from './endpoint';
import type { SessionStore } from './session-store';

export interface Api {
  client: ApolloClient;
  /** The graphql-ws client (one socket for every subscription). */
  socket: Client;
  /** Stops everything: the socket, pending queries, the cache. */
  dispose: () => Promise<void>;
}

/** Closing with this code makes graphql-ws reconnect and resubscribe (its "client restart"). */
const CLIENT_RESTART = 4205;

/**
 * Apollo Client for one session: HTTP for queries and mutations, graphql-ws for
 * subscriptions, both with a fresh access token. When the token is refreshed the socket is
 * restarted with the new one (the gateway ends a socket when its token expires), and its
 * subscriptions resume; after any reconnection the active queries are refetched, so a status
 * change that happened while the socket was down still shows.
 */
export function createApi(endpoint: ApiEndpoint, session: SessionStore): Api {
  let activeSocket: WebSocket | undefined;
  let connections = 0;
  const socket = createClient({
    url: endpoint.wsUrl,
    lazy: true,
    retryAttempts: Infinity,
    shouldRetry: () => true,
    connectionParams: async () => {
      const token = await session.accessToken();
      return token ? { authorization: `Bearer ${token}` } : {};
    },
    on: {
      connected: (connected) => {
        activeSocket = connected as WebSocket;
        connections += 1;
        if (connections > 1) void client.refetchQueries({ include: 'active' });
      },
      closed: () => {
        activeSocket = undefined;
      },
    },
  });
  const stopFollowing = session.subscribe((_current, reason) => {
    if (reason === 'refreshed' && activeSocket?.readyState === WebSocket.OPEN) activeSocket.close(CLIENT_RESTART, 'Client Restart');
  });

  const auth = new SetContextLink(async (previous) => {
    const token = await session.accessToken();
    return token ? { headers: { ...(previous.headers as Record<string, string> | undefined), authorization: `Bearer ${token}` } } : {};
  });
  const http = new HttpLink({ uri: endpoint.httpUrl });
  const link = ApolloLink.split(
    ({ query }) => {
      const definition = getMainDefinition(query);
      return definition.kind === 'OperationDefinition' && definition.operation === 'subscription';
    },
    new GraphQLWsLink(socket),
    ApolloLink.from([auth, http]),
  );
  const client = new ApolloClient({ link, cache: createCache(), defaultOptions: { watchQuery: { fetchPolicy: 'cache-and-network' } } });
  return {
    client,
    socket,
    dispose: async () => {
      stopFollowing();
      client.stop();
      await client.clearStore();
      await socket.dispose();
    },
  };
}
