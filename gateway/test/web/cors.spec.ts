import { corsOrigins, normaliseOrigin } from '../../src/web/cors';

describe('CORS allow-list', () => {
  it('defaults to the console dev server and the gateway origin', () => {
    expect(corsOrigins([], 'http://localhost:4000/graphql')).toEqual(['http://localhost:5173', 'http://localhost:4000']);
    expect(corsOrigins([], 'https://api.example.com/graphql')).toEqual(['http://localhost:5173', 'https://api.example.com']);
  });

  it('takes the configured list instead, normalised and without duplicates', () => {
    expect(corsOrigins(['https://Studio.ApolloGraphQL.com/', 'https://studio.apollographql.com', 'http://localhost:8080'], 'http://localhost:4000/graphql')).toEqual([
      'https://studio.apollographql.com',
      'http://localhost:8080',
    ]);
  });

  it('refuses what is not an http(s) origin', () => {
    expect(() => normaliseOrigin('*')).toThrow();
    expect(() => normaliseOrigin('file:///tmp/x.html')).toThrow(/not an http\(s\) origin/);
  });
});
