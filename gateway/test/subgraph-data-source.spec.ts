import { HeaderMap } from '@apollo/server';
import { GATEWAY_SECRET_HEADER } from '@saas/subgraph/gateway-access';
import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayContext } from '../src/context';
import { SubgraphDataSource } from '../src/subgraph-data-source';

describe('SubgraphDataSource', () => {
  const source = new SubgraphDataSource('user', 'the-configured-gateway-secret-32-chars!!', { url: 'http://127.0.0.1:1/graphql' });
  function send(context: Record<string, unknown>, clientHeaders: Record<string, string> = {}) {
    const headers = new HeaderMap(Object.entries(clientHeaders));
    source.willSendRequest({ request: { query: '{ x }', http: { method: 'POST', url: 'http://127.0.0.1:1/graphql', headers } }, context } as unknown as GraphQLDataSourceProcessOptions<GatewayContext>);
    return headers;
  }

  it('adds the configured gateway secret to every fetch, over whatever was there', () => {
    expect(send({ clientIp: '203.0.113.9', authorization: 'Bearer t' }, { [GATEWAY_SECRET_HEADER]: 'from-a-client' }).get(GATEWAY_SECRET_HEADER)).toBe('the-configured-gateway-secret-32-chars!!');
    expect(send({}).get(GATEWAY_SECRET_HEADER)).toBe('the-configured-gateway-secret-32-chars!!');
  });

  it('forwards the caller token and address', () => {
    const headers = send({ clientIp: '203.0.113.9', authorization: 'Bearer t' });
    expect(headers.get('authorization')).toBe('Bearer t');
    expect(headers.get('x-forwarded-for')).toBe('203.0.113.9');
  });
});
