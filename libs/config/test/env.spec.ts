import { EnvError, list, parseEnv, port, postgresUrl, redisEnv, z } from '../src';

const shape = {
  PORT: port(4001),
  DATABASE_URL: postgresUrl('postgres://u:p@127.0.0.1:5432/db'),
  MODE: z.enum(['a', 'b']).default('a'),
  VERSIONS: list(['16.0', '17.0']),
  ...redisEnv,
};

describe('environment parsing', () => {
  it('applies the local defaults when nothing is set', () => {
    expect(parseEnv(shape, {})).toEqual({
      PORT: 4001,
      DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db',
      MODE: 'a',
      VERSIONS: ['16.0', '17.0'],
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_PREFIX: 'saas:',
    });
  });

  it('coerces and splits values', () => {
    const env = parseEnv(shape, { PORT: '5000', VERSIONS: ' 17.0 , 18.0,' });
    expect(env.PORT).toBe(5000);
    expect(env.VERSIONS).toEqual(['17.0', '18.0']);
  });

  it('reports every bad variable at once, naming each, without echoing secrets', () => {
    let error: unknown;
    try {
      parseEnv(shape, { PORT: 'eighty', DATABASE_URL: 'mysql://root:hunter2@db/x', MODE: 'c', REDIS_PREFIX: 'has space' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(EnvError);
    const problems = (error as EnvError).problems;
    expect(problems.map((p) => p.split(':')[0])).toEqual(expect.arrayContaining(['PORT', 'DATABASE_URL', 'MODE', 'REDIS_PREFIX']));
    expect(problems).toHaveLength(4);
    expect((error as EnvError).message).toContain('PORT');
  });

  it('hides the value of variables that look secret', () => {
    const secretShape = { API_SECRET_KEY: z.string().min(32) };
    try {
      parseEnv(secretShape, { API_SECRET_KEY: 'short-secret' });
      throw new Error('should have failed');
    } catch (error) {
      expect((error as EnvError).problems[0]).toContain('set (hidden)');
      expect((error as EnvError).problems[0]).not.toContain('short-secret');
    }
  });

  it('returns a frozen object', () => {
    expect(Object.isFrozen(parseEnv(shape, {}))).toBe(true);
  });
});
