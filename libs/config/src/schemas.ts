import { z } from 'zod';

/** Building blocks for environment schemas; every variable has a working local default. */

export const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

function hasProtocol(value: string, protocols: readonly string[]): boolean {
  try {
    return protocols.includes(new URL(value).protocol.replace(/:$/, ''));
  } catch {
    return false;
  }
}

export const url = (fallback: string, protocols: readonly string[]) =>
  z
    .string()
    .default(fallback)
    .refine((value) => hasProtocol(value, protocols), `must be a URL with protocol ${protocols.join(' or ')}`);

/** A URL without default: unset means "not configured". */
export const optionalUrl = (protocols: readonly string[]) =>
  z
    .string()
    .optional()
    .refine((value) => value === undefined || hasProtocol(value, protocols), `must be a URL with protocol ${protocols.join(' or ')}`);

export const postgresUrl = (fallback: string) => url(fallback, ['postgres', 'postgresql']);
export const httpUrl = (fallback: string) => url(fallback, ['http', 'https']);

export const boolean = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(fallback ? 'true' : 'false')
    .transform((value) => ['true', '1', 'yes'].includes(value));

export const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info');

export const list = (fallback: readonly string[]) =>
  z
    .string()
    .default(fallback.join(','))
    .transform((value) =>
      value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean),
    );

/** Variables every service reads. */
export const commonEnv = {
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: logLevel,
  LISTEN_HOST: z.string().default('127.0.0.1'),
};

/** Redis: keys and channels share one prefix so several stacks can share a server. */
export const redisEnv = {
  REDIS_URL: url('redis://127.0.0.1:6379', ['redis', 'rediss']),
  REDIS_PREFIX: z.string().regex(/^[a-z0-9:_-]+$/i, 'letters, digits, ":", "_" and "-" only').default('saas:'),
};

/** RabbitMQ through rabbitmq-client. */
export const amqpEnv = {
  AMQP_URL: url('amqp://guest:guest@127.0.0.1:5672', ['amqp', 'amqps']),
};

/** Where access tokens come from and who they are for; every service verifies them itself. */
export const authEnv = {
  AUTH_JWKS_URL: httpUrl('http://127.0.0.1:4001/.well-known/jwks.json'),
  JWT_ISSUER: z.string().min(1).default('odoo-saas-auth'),
  JWT_AUDIENCE: z.string().min(1).default('odoo-saas'),
};
