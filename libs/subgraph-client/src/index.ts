import { type DomainError, ServiceUnavailableError } from '@saas/errors';
import type { Logger } from '@saas/logger';

export interface GraphQLReplyError {
  message: string;
  extensions?: { code?: string } & Record<string, unknown>;
}

export interface SubgraphCall {
  url: string;
  query: string;
  variables: Record<string, unknown>;
  /** The caller's own access token: the other subgraph authorizes the call like any request. */
  accessToken: string;
  /** What the user is told when the call fails, e.g. "Instances cannot be checked right now; try again." */
  failureMessage: string;
  logger: Logger;
  /** Turns some answers with errors into a domain error of the caller (e.g. bad input). */
  translate?: (errors: readonly GraphQLReplyError[]) => DomainError | undefined;
  timeoutMs?: number;
}

/**
 * One GraphQL request from one subgraph to another on a user's behalf. Any failure —
 * unreachable, timed out, an answer with errors the caller does not translate — is
 * SERVICE_UNAVAILABLE with `failureMessage`: the caller refuses rather than guesses.
 */
export async function callSubgraph<TData>(call: SubgraphCall): Promise<TData> {
  let body: { data?: TData | null; errors?: GraphQLReplyError[] };
  try {
    const response = await fetch(call.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${call.accessToken}` },
      body: JSON.stringify({ query: call.query, variables: call.variables }),
      signal: AbortSignal.timeout(call.timeoutMs ?? 5_000),
    });
    body = (await response.json()) as typeof body;
  } catch (error) {
    call.logger.error({ err: error, url: call.url }, 'subgraph unreachable');
    throw new ServiceUnavailableError(call.failureMessage, { cause: error });
  }
  if (body.errors?.length) {
    const translated = call.translate?.(body.errors);
    if (translated) throw translated;
  }
  if (body.errors?.length || !body.data) {
    call.logger.error({ errors: body.errors?.map((e) => e.message), url: call.url }, 'subgraph query failed');
    throw new ServiceUnavailableError(call.failureMessage);
  }
  return body.data;
}
