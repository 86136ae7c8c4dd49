export { EnvError, loadEnvOrExit, parseEnv, secret } from './env';
export type { Env, EnvShape } from './env';
export {
  amqpEnv,
  authEnv,
  boolean,
  commonEnv,
  credentialUrl,
  enabledUnlessProduction,
  type GraphqlExposure,
  graphqlExposure,
  graphqlExposureEnv,
  httpUrl,
  list,
  logLevel,
  metricsEnv,
  optionalBoolean,
  optionalUrl,
  port,
  postgresCredentialUrl,
  postgresUrl,
  redisEnv,
  url,
} from './schemas';
export { z } from 'zod';
