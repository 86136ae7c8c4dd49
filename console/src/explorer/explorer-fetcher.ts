import { createGraphiQLFetcher, type Fetcher } from '@graphiql/toolkit';
import type { ApiEndpoint } from '../api/endpoint';
import { effectiveHeaders } from './headers';

/**
 * HTTP for queries and mutations, `graphql-ws` for subscriptions, both on the API's URL.
 * The headers of the editor go with every request and, for a subscription, in its
 * `connection_init` payload (where the gateway reads `Authorization`).
 */
export function explorerFetcher(endpoint: ApiEndpoint): Fetcher {
  const fetcher = createGraphiQLFetcher({ url: endpoint.httpUrl, subscriptionUrl: endpoint.wsUrl });
  return (params, options) => fetcher(params, { ...options, headers: effectiveHeaders(options?.headers) });
}
