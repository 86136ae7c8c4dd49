export { EnvError, loadEnvOrExit, parseEnv, secret } from './env';
export type { Env, EnvShape } from './env';
export { devOdooDbAdminUrl, MACHINE_DEV_SECRETS_DIR, machineDevSecret, PUBLISHED_ODOO_DB_ADMIN_PASSWORD } from './dev-secrets';
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
