import { amqpEnv, EnvError, enabledUnlessProduction, graphqlExposure, graphqlExposureEnv, parseEnv, port, postgresCredentialUrl, redisEnv, secret } from '../src';

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

describe('URLs with a password (databases, the broker) in production', () => {
  const urls = {
    DATABASE_URL: postgresCredentialUrl('postgres://saas_auth:saas_auth_dev@127.0.0.1:5432/saas_auth'),
    AMQP_URL: amqpEnv.AMQP_URL,
    REDIS_URL: redisEnv.REDIS_URL,
  };
  const problems = (env: NodeJS.ProcessEnv) => {
    try {
      parseEnv(urls, env);
    } catch (error) {
      if (error instanceof EnvError) return error.problems;
      throw error;
    }
    return [];
  };
  const real = { DATABASE_URL: 'postgres://saas_auth:9f1c0d7e5b@db.internal:5432/saas_auth', AMQP_URL: 'amqps://saas:c4a1e9@mq.internal:5671' };

  it('default to the development URLs outside production', () => {
    expect(parseEnv(urls, {})).toMatchObject({ DATABASE_URL: 'postgres://saas_auth:saas_auth_dev@127.0.0.1:5432/saas_auth', AMQP_URL: 'amqp://guest:guest@127.0.0.1:5672' });
  });

  it('are required in production (not the local default), every one named at once', () => {
    expect(problems({ NODE_ENV: 'production' })).toEqual(['DATABASE_URL: required in production (unset)', 'AMQP_URL: required in production (unset)']);
  });

  it('refuse the development password on any host or user, without echoing it', () => {
    const refused = problems({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://saas_auth:saas_auth_dev@postgres:5432/saas_auth',
      AMQP_URL: 'amqp://admin:guest@rabbitmq:5672',
    });
    expect(refused).toEqual([
      'DATABASE_URL: has the development password, which production refuses (set (hidden))',
      'AMQP_URL: has the development password, which production refuses (set (hidden))',
    ]);
    expect(refused.join('\n')).not.toMatch(/saas_auth_dev|guest/);
  });

  it('accept real passwords, and a URL without a password (the server trusts the client otherwise)', () => {
    expect(parseEnv(urls, { NODE_ENV: 'production', ...real })).toMatchObject(real);
    expect(problems({ NODE_ENV: 'production', ...real, DATABASE_URL: 'postgres://saas_auth@db.internal/saas_auth' })).toEqual([]);
  });

  it('are still validated as URLs', () => {
    expect(problems({ NODE_ENV: 'production', ...real, AMQP_URL: 'http://mq.internal' })).toEqual(['AMQP_URL: must be a URL with protocol amqp or amqps ("http://mq.internal")']);
  });
});
