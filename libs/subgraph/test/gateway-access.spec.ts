import { ApolloServer, HeaderMap } from '@apollo/server';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { Identity } from '@saas/auth';
import { createFormatError, UnauthenticatedError } from '@saas/errors';
import { parse } from 'graphql';
import { parseEnv } from '@saas/config';
import { DEV_GATEWAY_SECRET, GATEWAY_SECRET_HEADER, gatewaySecretEnv, gatewayAccessPlugin, type IdentifiedContext } from '../src/gateway-access';

const SECRET = 'a-test-gateway-secret-of-at-least-32-chars';
const viewer = { userId: 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11' } as unknown as NonNullable<Identity['viewer']>;

describe('gatewayAccessPlugin', () => {
  const server = new ApolloServer<IdentifiedContext>({
    schema: buildSubgraphSchema({
      typeDefs: parse(`
        extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
        type User @key(fields: "id") { id: ID!, email: String! }
        type Query { ping: Boolean }
      `),
      resolvers: { User: { __resolveReference: (ref: { id: string }) => ({ id: ref.id, email: 'owner@example.test' }) }, Query: { ping: () => true } },
    }),
    formatError: createFormatError({ onUnexpected: () => undefined }),
    plugins: [gatewayAccessPlugin<IdentifiedContext>(SECRET)],
  });
  beforeAll(() => server.start());
  afterAll(() => server.stop());

  const ENTITIES = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on User { email } } }';
  const representations = { r: [{ __typename: 'User', id: viewer.userId }] };
  async function run(query: string, identity: Identity, headers: Record<string, string> = {}, variables?: Record<string, unknown>) {
    const response = await server.executeOperation(
      { query, variables, http: { method: 'POST', headers: new HeaderMap(Object.entries(headers)), search: '', body: {} } },
      { contextValue: { identity } },
    );
    if (response.body.kind !== 'single') throw new Error('expected a single result');
    return response.body.singleResult;
  }

  it('refuses _entities without a token, and with a refused token, as UNAUTHENTICATED', async () => {
    const anonymous = await run(ENTITIES, { viewer: null }, { [GATEWAY_SECRET_HEADER]: 'not-the-secret' }, representations);
    expect(anonymous.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    expect(anonymous.data).toBeNull();
    const garbage = await run(ENTITIES, { viewer: null, error: new UnauthenticatedError('The access token is invalid.') }, {}, representations);
    expect(garbage.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
  });

  it('resolves _entities for a verified viewer, and for the gateway (the user of an anonymous logIn)', async () => {
    for (const [identity, headers] of [[{ viewer }, {}], [{ viewer: null }, { [GATEWAY_SECRET_HEADER]: SECRET }]] as const) {
      const result = await run(ENTITIES, identity, headers, representations);
      expect(result.errors).toBeUndefined();
      expect(result.data).toEqual({ _entities: [{ email: 'owner@example.test' }] });
    }
  });

  it('serves _service only with the gateway secret, whoever the viewer is', async () => {
    for (const headers of [{} as Record<string, string>, { [GATEWAY_SECRET_HEADER]: 'wrong' }, { [GATEWAY_SECRET_HEADER]: `${SECRET}x` }]) {
      const refused = await run('{ _service { sdl } }', { viewer }, headers);
      expect(refused.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
      expect(JSON.stringify(refused)).not.toContain('owner@example.test');
    }
    const served = await run('{ _service { sdl } }', { viewer: null }, { [GATEWAY_SECRET_HEADER]: SECRET });
    expect(served.errors).toBeUndefined();
    expect((served.data as { _service: { sdl: string } })._service.sdl).toContain('type User');
  });

  it('leaves other fields alone', async () => {
    expect((await run('{ ping }', { viewer: null })).data).toEqual({ ping: true });
  });
});

describe('GATEWAY_SECRET', () => {
  const shape = { GATEWAY_SECRET: gatewaySecretEnv };
  it('defaults to the development secret outside production, and production refuses it', () => {
    expect(parseEnv(shape, {}).GATEWAY_SECRET).toBe(DEV_GATEWAY_SECRET);
    expect(() => parseEnv(shape, { NODE_ENV: 'production' })).toThrow(/GATEWAY_SECRET: required in production/);
    expect(() => parseEnv(shape, { NODE_ENV: 'production', GATEWAY_SECRET: DEV_GATEWAY_SECRET })).toThrow(/development default/);
    expect(parseEnv(shape, { NODE_ENV: 'production', GATEWAY_SECRET: SECRET }).GATEWAY_SECRET).toBe(SECRET);
    expect(() => parseEnv(shape, { GATEWAY_SECRET: 'short' })).toThrow(/at least 32/);
  });
});
