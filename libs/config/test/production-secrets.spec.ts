import { EnvError, enabledUnlessProduction, graphqlExposure, graphqlExposureEnv, parseEnv, port, secret } from '../src';

const DEV_KEY = Buffer.from('development-only-key-of-32-bytes').toString('base64');
const REAL_KEY = Buffer.from('a-real-key-of-thirty-two-bytes!!').toString('base64');
const is32Bytes = (value: string) => Buffer.from(value, 'base64').length === 32;

const shape = {
  PORT: port(4001),
  SECRETS_KEY: secret(DEV_KEY, is32Bytes, 'must be 32 bytes, base64-encoded'),
  LINK_SIGNING_KEY: secret(DEV_KEY, is32Bytes, 'must be 32 bytes, base64-encoded'),
};

function problemsOf(env: NodeJS.ProcessEnv): readonly string[] {
  try {
    parseEnv(shape, env);
  } catch (error) {
    if (error instanceof EnvError) return error.problems;
    throw error;
  }
  return [];
}

describe('secrets in production', () => {
  it('default to the development key outside production', () => {
    expect(parseEnv(shape, {}).SECRETS_KEY).toBe(DEV_KEY);
    expect(parseEnv(shape, { NODE_ENV: 'test' }).LINK_SIGNING_KEY).toBe(DEV_KEY);
  });

  it('are required in production: every missing one is named at once, with the other problems', () => {
    const problems = problemsOf({ NODE_ENV: 'production', PORT: 'eighty' });
    expect(problems.map((problem) => problem.split(':')[0])).toEqual(['PORT', 'SECRETS_KEY', 'LINK_SIGNING_KEY']);
    expect(problems[1]).toBe('SECRETS_KEY: required in production (unset)');
  });

  it('count an empty value (compose\'s `${KEY:-}`) as missing, reported once', () => {
    expect(problemsOf({ NODE_ENV: 'production', SECRETS_KEY: '', LINK_SIGNING_KEY: REAL_KEY })).toEqual(['SECRETS_KEY: required in production (empty)']);
  });

  it('refuse the development default in production without echoing it', () => {
    const problems = problemsOf({ NODE_ENV: 'production', SECRETS_KEY: DEV_KEY, LINK_SIGNING_KEY: REAL_KEY });
    expect(problems).toEqual(['SECRETS_KEY: is the development default, which production refuses (set (hidden))']);
    expect(problems.join('\n')).not.toContain(DEV_KEY);
  });

  it('accept real keys in production', () => {
    expect(parseEnv(shape, { NODE_ENV: 'production', SECRETS_KEY: REAL_KEY, LINK_SIGNING_KEY: REAL_KEY }).SECRETS_KEY).toBe(REAL_KEY);
  });

  it('are still validated', () => {
    expect(problemsOf({ NODE_ENV: 'production', SECRETS_KEY: 'c2hvcnQ=', LINK_SIGNING_KEY: REAL_KEY })).toEqual([
      'SECRETS_KEY: must be 32 bytes, base64-encoded (set (hidden))',
    ]);
  });
});

describe('what a GraphQL server exposes', () => {
  const parse = (env: NodeJS.ProcessEnv) => graphqlExposure({ NODE_ENV: env.NODE_ENV ?? 'development', ...parseEnv(graphqlExposureEnv, env) });

  it('is everything outside production', () => {
    expect(parse({})).toEqual({ introspection: true, fieldSuggestions: true, errorServiceNames: true });
  });

  it('is nothing in production unless enabled, one switch at a time', () => {
    expect(parse({ NODE_ENV: 'production' })).toEqual({ introspection: false, fieldSuggestions: false, errorServiceNames: false });
    expect(parse({ NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'true' })).toEqual({ introspection: true, fieldSuggestions: false, errorServiceNames: false });
  });

  it('can be turned off outside production too', () => {
    expect(parse({ GRAPHQL_FIELD_SUGGESTIONS: 'false' }).fieldSuggestions).toBe(false);
    expect(enabledUnlessProduction('development', false)).toBe(false);
    expect(enabledUnlessProduction('production', undefined)).toBe(false);
  });
});
