export { EnvError, loadEnvOrExit, parseEnv } from './env';
export type { Env, EnvShape } from './env';
export { amqpEnv, authEnv, boolean, commonEnv, httpUrl, list, logLevel, optionalUrl, port, postgresUrl, redisEnv, url } from './schemas';
export { z } from 'zod';
