import type { Viewer } from '@saas/auth';
import { ServiceUnavailableError } from '@saas/errors';
import type { Logger } from '@saas/logger';

export interface SubgraphCall {
  url: string;
  query: string;
  variables: Record<string, unknown>;
  viewer: Viewer;
  /** Used in the error a user sees, e.g. "Instances cannot be checked right now". */
  what: string;
  logger: Logger;
}

/**
 * One GraphQL request to another subgraph on the viewer's behalf (their own token, so that
 * subgraph authorizes it as it would any request). Any failure, including an answer with
 * errors, is SERVICE_UNAVAILABLE: the caller refuses rather than guesses.
 */
export async function callSubgraph<TData>(call: SubgraphCall): Promise<TData> {
  let body: { data?: TData | null; errors?: Array<{ message: string }> };
  try {
    const response = await fetch(call.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${call.viewer.accessToken}` },
      body: JSON.stringify({ query: call.query, variables: call.variables }),
      signal: AbortSignal.timeout(5_000),
    });
    body = (await response.json()) as typeof body;
  } catch (error) {
    call.logger.error({ err: error, url: call.url }, `subgraph unreachable: ${call.what}`);
    throw new ServiceUnavailableError(`${call.what} cannot be checked right now; try again.`, { cause: error });
  }
  if (body.errors?.length || !body.data) {
    call.logger.error({ errors: body.errors?.map((e) => e.message), url: call.url }, `subgraph query failed: ${call.what}`);
    throw new ServiceUnavailableError(`${call.what} cannot be checked right now; try again.`);
  }
  return body.data;
}
