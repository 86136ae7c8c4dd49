import { z } from 'zod';
import { developmentSecret } from './env';

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

function passwordOf(value: string): string {
  try {
    return decodeURIComponent(new URL(value).password);
  } catch {
    return '';
  }
}

/**
 * A URL that carries a password (a database's, a broker's): a secret like the keys. Outside
 * production it defaults to `developmentDefault`; with NODE_ENV=production it is required and
 * a URL with the development default's password is refused, whatever its host or user (the
 * development passwords are published in this repository).
 */
export function credentialUrl(developmentDefault: string, protocols: readonly string[], publishedPasswords: readonly string[] = []) {
  // `publishedPasswords`: development passwords of the past, refused as well.
  const refused = [passwordOf(developmentDefault), ...publishedPasswords].filter((password) => password !== '');
  return developmentSecret(url(developmentDefault, protocols), {
    isDevelopmentValue: (value) => refused.includes(passwordOf(value)),
    refusal: 'has the development password, which production refuses',
  });
}

/** A PostgreSQL URL with a password: {@link credentialUrl}. */
export const postgresCredentialUrl = (developmentDefault: string, publishedPasswords: readonly string[] = []) =>
  credentialUrl(developmentDefault, ['postgres', 'postgresql'], publishedPasswords);
export const httpUrl = (fallback: string) => url(fallback, ['http', 'https']);

const TRUE_VALUES = ['true', '1', 'yes'];

export const boolean = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(fallback ? 'true' : 'false')
    .transform((value) => TRUE_VALUES.includes(value));

/** A boolean without default: unset leaves the choice to the code (see {@link enabledUnlessProduction}). */
export const optionalBoolean = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .optional()
  .transform((value) => (value === undefined ? undefined : TRUE_VALUES.includes(value)));

/** What only helps a developer (introspection, the explorer ...): on unless NODE_ENV=production, where it must be enabled. */
export function enabledUnlessProduction(nodeEnv: string, configured: boolean | undefined): boolean {
  return configured ?? nodeEnv !== 'production';
}

/**
 * What a GraphQL server tells a stranger about its schema and topology. Off in production
 * unless enabled: introspection, "Did you mean ...?" suggestions in validation errors, and the
 * name of the subgraph an error came from (`extensions.serviceName`).
 */
export const graphqlExposureEnv = {
  GRAPHQL_INTROSPECTION: optionalBoolean,
  GRAPHQL_FIELD_SUGGESTIONS: optionalBoolean,
  GRAPHQL_ERROR_SERVICE_NAMES: optionalBoolean,
};

export interface GraphqlExposure {
  introspection: boolean;
  fieldSuggestions: boolean;
  errorServiceNames: boolean;
}

export function graphqlExposure(env: {
  NODE_ENV: string;
  GRAPHQL_INTROSPECTION?: boolean;
  GRAPHQL_FIELD_SUGGESTIONS?: boolean;
  GRAPHQL_ERROR_SERVICE_NAMES?: boolean;
}): GraphqlExposure {
  return {
    introspection: enabledUnlessProduction(env.NODE_ENV, env.GRAPHQL_INTROSPECTION),
    fieldSuggestions: enabledUnlessProduction(env.NODE_ENV, env.GRAPHQL_FIELD_SUGGESTIONS),
    errorServiceNames: enabledUnlessProduction(env.NODE_ENV, env.GRAPHQL_ERROR_SERVICE_NAMES),
  };
}

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

/**
 * The operations port of a process (libs/http `startOperationsServer`): `/metrics` and the
 * detailed `/ready`, off the public port, on loopback unless METRICS_HOST says otherwise (the
 * internal network of a compose project, where the collector scrapes it).
 */
export const metricsEnv = (defaultPort: number) => ({
  METRICS_PORT: port(defaultPort),
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
});

/** Redis: keys and channels share one prefix so several stacks can share a server. */
export const redisEnv = {
  REDIS_URL: url('redis://127.0.0.1:6379', ['redis', 'rediss']),
  REDIS_PREFIX: z.string().regex(/^[a-z0-9:_-]+$/i, 'letters, digits, ":", "_" and "-" only').default('saas:'),
};

/** RabbitMQ through rabbitmq-client; RabbitMQ's own guest/guest is refused in production. */
export const amqpEnv = {
  AMQP_URL: credentialUrl('amqp://guest:guest@127.0.0.1:5672', ['amqp', 'amqps']),
};

/** Where access tokens come from and who they are for; every service verifies them itself. */
export const authEnv = {
  AUTH_JWKS_URL: httpUrl('http://127.0.0.1:4001/.well-known/jwks.json'),
  JWT_ISSUER: z.string().min(1).default('odoo-saas-auth'),
  JWT_AUDIENCE: z.string().min(1).default('odoo-saas'),
};
