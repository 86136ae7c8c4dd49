import { type GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import type { GatewayContext } from './context';

/** Calls a subgraph with the caller's token (each subgraph verifies it itself) and address. */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const headers = request.http?.headers;
    if (!headers || !('clientIp' in context)) return;
    if (context.authorization) headers.set('authorization', context.authorization);
    headers.set('x-forwarded-for', context.clientIp);
  }
}
