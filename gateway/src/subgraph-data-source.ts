import { type GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import { counter, histogram, REQUEST_SECONDS_BUCKETS } from '@saas/telemetry';
import { GATEWAY_SECRET_HEADER } from '@saas/subgraph/gateway-access';
import type { GatewayContext } from './context';

type FetchLabels = 'subgraph' | 'outcome';

const fetches = counter<FetchLabels>({
  name: 'gateway_subgraph_fetches_total',
  help: 'Fetches the gateway made to subgraphs, by subgraph and outcome',
  labelNames: ['subgraph', 'outcome'],
});
const fetchDuration = histogram<FetchLabels>({
  name: 'gateway_subgraph_fetch_duration_seconds',
  help: 'Duration of the gateway fetches to subgraphs',
  labelNames: ['subgraph', 'outcome'],
  buckets: REQUEST_SECONDS_BUCKETS,
});

/**
 * Calls a subgraph with the caller's token (each subgraph verifies it itself) and address,
 * and the gateway's own secret (GATEWAY_SECRET; whatever a client sends is never forwarded),
 * and measures each fetch: `success`, `error` (the subgraph answered with GraphQL errors)
 * or `failure` (no usable answer: unreachable, HTTP error).
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    private readonly subgraph: string,
    private readonly gatewaySecret: string,
    config: ConstructorParameters<typeof RemoteGraphQLDataSource<GatewayContext>>[0],
  ) {
    super(config);
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const headers = request.http?.headers;
    if (!headers) return;
    headers.set(GATEWAY_SECRET_HEADER, this.gatewaySecret);
    if (!('clientIp' in context)) return;
    if (context.authorization) headers.set('authorization', context.authorization);
    headers.set('x-forwarded-for', context.clientIp);
  }

  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): ReturnType<RemoteGraphQLDataSource<GatewayContext>['process']> {
    const started = process.hrtime.bigint();
    let outcome = 'failure';
    try {
      const response = await super.process(options);
      outcome = response.errors && response.errors.length > 0 ? 'error' : 'success';
      return response;
    } finally {
      const labels = { subgraph: this.subgraph, outcome };
      fetches.inc(labels);
      fetchDuration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
    }
  }
}
