import { z } from 'zod';

/** Thrown by {@link parseEnv} with every problem found, not just the first. */
export class EnvError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid environment:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'EnvError';
  }
}

export type EnvShape = z.ZodRawShape;
export type Env<S extends EnvShape> = Readonly<z.infer<z.ZodObject<S>>>;

/** Parses `env` against `shape` and reports every invalid variable at once. */
export function parseEnv<S extends EnvShape>(shape: S, env: NodeJS.ProcessEnv = process.env): Env<S> {
  const result = z.object(shape).safeParse(env);
  const secretProblems = productionSecretProblems(shape, env);
  if (result.success && secretProblems.size === 0) return Object.freeze(result.data) as Env<S>;
  // A secret missing in production is reported as that, not also as an invalid value.
  const issues = (result.success ? [] : result.error.issues).filter((issue) => !secretProblems.has(String(issue.path[0])));
  const problems = issues.map((issue) => {
    const name = issue.path.join('.') || '(environment)';
    const value = env[String(issue.path[0])];
    const shown = value === undefined ? 'unset' : isSecretName(name) ? 'set (hidden)' : JSON.stringify(withoutUrlPassword(value));
    return `${name}: ${issue.message} (${shown})`;
  });
  throw new EnvError([...problems, ...secretProblems.values()]);
}

/** How production recognises a secret left at its development value. */
interface SecretPolicy {
  isDevelopmentValue: (value: string) => boolean;
  /** What the report says of a refused value (never the value). */
  refusal: string;
}

const secretPolicies = new WeakMap<object, SecretPolicy>();

/** Marks `schema` as a secret: required with NODE_ENV=production, its development values refused ({@link parseEnv}). */
export function developmentSecret<T extends z.ZodTypeAny>(schema: T, policy: SecretPolicy): T {
  secretPolicies.set(schema, policy);
  return schema;
}

/**
 * A secret variable (a key): outside production it defaults to `developmentDefault`, so a
 * developer needs nothing; with NODE_ENV=production it is required and the development
 * default is refused ({@link parseEnv} reports it with the other problems).
 */
export function secret(developmentDefault: string, isValid: (value: string) => boolean, requirement: string) {
  return developmentSecret(z.string().default(developmentDefault).refine(isValid, requirement), {
    isDevelopmentValue: (value) => value === developmentDefault,
    refusal: 'is the development default, which production refuses',
  });
}

/** Every secret of `shape` unset (or empty) or left at a development value when NODE_ENV=production, by name. */
function productionSecretProblems(shape: EnvShape, env: NodeJS.ProcessEnv): Map<string, string> {
  const problems = new Map<string, string>();
  if (env.NODE_ENV !== 'production') return problems;
  for (const [name, schema] of Object.entries(shape)) {
    const policy = secretPolicies.get(schema);
    if (!policy) continue;
    const value = env[name];
    if (!value) problems.set(name, `${name}: required in production (${value === undefined ? 'unset' : 'empty'})`);
    else if (policy.isDevelopmentValue(value)) problems.set(name, `${name}: ${policy.refusal} (set (hidden))`);
  }
  return problems;
}

/**
 * Parses the environment at start-up; on failure prints every problem to stderr and exits
 * with status 1, so a misconfigured process never half-starts.
 */
export function loadEnvOrExit<S extends EnvShape>(service: string, shape: S, env: NodeJS.ProcessEnv = process.env): Env<S> {
  try {
    return parseEnv(shape, env);
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    process.stderr.write(
      `${JSON.stringify({ level: 'fatal', service, msg: 'invalid environment', problems: error.problems })}\n`,
    );
    process.exit(1);
  }
}

/** A URL's password (postgres://user:secret@host) never reaches a report. */
function withoutUrlPassword(value: string): string {
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/:@\s]*:)[^@\s]*@/i, '$1***@');
}

function isSecretName(name: string): boolean {
  return /PASSWORD|SECRET|TOKEN|KEY/i.test(name);
}
