import { createHash } from 'node:crypto';
import { ApolloServer } from '@apollo/server';
import { createFormatError, DEPENDENCY_OUTAGE_MESSAGE } from './graphql-error';

const typeDefs = 'type Query { hello: String }';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('createFormatError', () => {
  let unexpected: unknown[];
  let server: ApolloServer;

  beforeEach(async () => {
    unexpected = [];
    server = new ApolloServer({ typeDefs, resolvers: { Query: { hello: () => 'hi' } }, formatError: createFormatError({ onUnexpected: (error) => unexpected.push(error) }) });
    await server.start();
  });

  afterEach(async () => {
    await server.stop();
  });

  it("answers an APQ hash that does not match its query with Apollo's BAD_REQUEST (HTTP 400), not as unexpected", async () => {
    const response = await server.executeOperation({
      query: '{ hello }',
      extensions: { persistedQuery: { version: 1, sha256Hash: sha256('{ other }') } },
    });
    expect(response.http.status).toBe(400);
    expect(response.body.kind === 'single' && response.body.singleResult.errors).toEqual([
      { message: 'provided sha does not match query', extensions: { code: 'BAD_REQUEST' } },
    ]);
    expect(unexpected).toEqual([]);
  });

  it('still registers a persisted query whose hash matches', async () => {
    const response = await server.executeOperation({ query: '{ hello }', extensions: { persistedQuery: { version: 1, sha256Hash: sha256('{ hello }') } } });
    expect(response.body.kind === 'single' && response.body.singleResult).toEqual({ data: { hello: 'hi' } });
  });

  it('passes an error another service already masked through without logging it again', () => {
    const format = createFormatError({ onUnexpected: (error) => unexpected.push(error) });
    const masked = { message: 'Internal server error.', extensions: { code: 'INTERNAL_SERVER_ERROR', serviceName: 'tenant' } };
    expect(format(masked, new Error('from a subgraph'))).toEqual({ message: 'Internal server error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(unexpected).toEqual([]);
  });

  it('masks anything else as INTERNAL_SERVER_ERROR and reports it', () => {
    const format = createFormatError({ onUnexpected: (error) => unexpected.push(error) });
    const cause = new TypeError("Cannot read properties of undefined (reading 'id')");
    expect(format({ message: cause.message, extensions: { code: 'INTERNAL_SERVER_ERROR' } }, cause)).toEqual({ message: 'Internal server error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(unexpected).toEqual([cause]);
  });

  it('answers a dependency outage with a retryable SERVICE_UNAVAILABLE and still reports it', () => {
    const format = createFormatError({ onUnexpected: (error) => unexpected.push(error) });
    const cause = new Error('could not load the instance', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }) });
    expect(format({ message: cause.message, path: ['createInstance'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }, cause)).toEqual({
      message: DEPENDENCY_OUTAGE_MESSAGE,
      path: ['createInstance'],
      extensions: { code: 'SERVICE_UNAVAILABLE', retryable: true },
    });
    expect(unexpected).toEqual([cause]);
  });
});
