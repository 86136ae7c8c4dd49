// What `docker compose up` would run, checked without pulling an image: the production bundles
// (ops/build/bundle.ts) of every service of docker-compose.yml, started with that service's
// compose environment (the Dockerfile's ENV first, then the compose entrypoint), hosts mapped to
// the local backing services and to free local ports; each must answer /ready on its operations
// port (METRICS_PORT), then one
// signUp -> createTenant goes through the gateway. If the compose environment drifts from what a
// service needs, this fails.
//   node --import tsx ops/compose/bundle-check.ts [--compose <file>] [--no-build]
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT, ServiceProcess } from '@saas/stack';
import {
  createVhost,
  dataOf,
  deleteRedisPrefix,
  deleteVhost,
  freePort,
  graphql,
  productionBrokerUser,
  productionDatabase,
  type ProductionCredentials,
  productionOdooAdmin,
  removeEnvDockerResources,
} from '@saas/testing';
import { parse } from 'yaml';

const run = promisify(execFile);

/** The compose services that are not ours, where this machine runs them (ops/services/ensure-services.sh). */
const BACKING_SERVICES: Record<string, Record<number, string>> = {
  postgres: { 5432: '127.0.0.1:5432' },
  'odoo-db': { 5432: '127.0.0.1:5433' },
  redis: { 6379: '127.0.0.1:6379' },
  rabbitmq: { 5672: '127.0.0.1:5672' },
};

interface ComposeService {
  command?: string[];
  entrypoint?: string[];
  environment?: Record<string, string | number | boolean | null>;
  volumes?: (string | { type: string; source?: string; target: string })[];
  depends_on?: Record<string, { condition?: string }>;
  restart?: string;
}

/** One process of the check: a compose service that runs our code. */
interface CheckedService {
  name: string;
  /** `<project>/dist/main.js` (a long-running server) or undefined (a one-shot such as dev-secrets). */
  bundle?: string;
  argv: string[];
  env: Record<string, string>;
  port?: number;
  /** METRICS_PORT: where its detailed /ready (and /metrics) answers. */
  metricsPort?: number;
  dependsOn: string[];
}

export interface BundleCheckOptions {
  composeFile?: string;
  /** Build the bundles first (default true). */
  build?: boolean;
  log?: (line: string) => void;
  readyTimeoutMs?: number;
}

/** Runs the check; resolves when every service was ready and the sign-up went through, else throws. */
export async function runBundleCheck(options: BundleCheckOptions = {}): Promise<void> {
  const log = options.log ?? ((line: string) => console.log(line));
  const composeFile = path.resolve(options.composeFile ?? path.join(REPO_ROOT, 'docker-compose.yml'));
  const runId = `bc${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const workDir = path.join(REPO_ROOT, '.run', 'bundle-check', runId);
  const cleanups: (() => Promise<unknown>)[] = [];
  const processes: ServiceProcess[] = [];
  try {
    const compose = await composeConfig(composeFile);
    const imageEnv = dockerfileEnv(path.join(REPO_ROOT, 'Dockerfile'));
    const ours = Object.entries(compose).filter(([, service]) => usesOurImage(service));
    const ports = new Map<string, number>();
    const metricsPorts = new Map<string, number>();
    for (const [name, service] of ours) {
      if (service.environment?.PORT !== undefined) ports.set(name, await freePort());
      if (service.environment?.METRICS_PORT !== undefined) metricsPorts.set(name, await freePort());
    }

    const bundles = [...new Set(ours.map(([, service]) => bundleOf(service)).filter((bundle): bundle is string => !!bundle))];
    if (options.build ?? true) {
      await Promise.all(bundles.map((bundle) => run(process.execPath, ['--import', 'tsx', 'ops/build/bundle.ts', path.dirname(path.dirname(bundle))], { cwd: REPO_ROOT })));
      log(`✓ built ${bundles.length} production bundles (${bundles.join(', ')})`);
    }
    checkProductionDependencies(bundles);
    log('✓ every package the bundles require is a production dependency (installed by `npm ci --omit=dev`)');

    // Isolation from the dev stack and other runs, as TestStack does: own databases, vhost, Redis prefix, Docker label.
    const vhost = `saas-bundle-check-${runId}`;
    const amqpUrl = await createVhost(vhost);
    cleanups.push(() => deleteVhost(vhost));
    const redisPrefix = `saas-bundle-check:${runId}:`;
    cleanups.push(() => deleteRedisPrefix(redisPrefix));
    const saasEnv = `bundle-check-${runId}`;
    cleanups.push(() => removeEnvDockerResources(saasEnv));

    // Other images (the Caddy edge ...) are not run here: a variable pointing at one is left out
    // (an optional integration then stays off) rather than pointed at this machine's own.
    const notRun = Object.keys(compose).filter((name) => !usesOurImage(compose[name] ?? {}) && !(name in BACKING_SERVICES));
    const pointsAtNotRun = (value: string) => notRun.some((host) => new RegExp(`//([^@/\\s]*@)?${host}[:/]`).test(value));
    const services: CheckedService[] = [];
    for (const [name, service] of ours) {
      const mounts = mountsOf(service, workDir);
      const env: Record<string, string> = { ...imageEnv, LISTEN_HOST: '127.0.0.1' };
      for (const [key, value] of Object.entries(service.environment ?? {})) {
        if (pointsAtNotRun(String(value))) {
          log(`- ${name}: ${key} left out (points at a service of another image, not run by this check)`);
          continue;
        }
        env[key] = value === null ? '' : mapValue(String(value), ports, mounts);
      }
      // Credentials: compose generates the backing services' passwords at first start (dev-secrets);
      // here each process gets a login of its own with a random password on the local servers,
      // since production refuses the published development ones (libs/config credentialUrl).
      const credentials = async (created: Promise<ProductionCredentials>) => {
        const { url, drop } = await created;
        cleanups.push(drop);
        return url;
      };
      const login = `${name}_${runId}`.replace(/-/g, '_');
      if (env.AMQP_URL) env.AMQP_URL = await credentials(productionBrokerUser(`bundle-check-${login}`, vhost, amqpUrl));
      if (env.ODOO_DB_ADMIN_URL) env.ODOO_DB_ADMIN_URL = await credentials(productionOdooAdmin(`odoo_admin_${login}`));
      if (env.PORT !== undefined) env.PORT = String(ports.get(name));
      if (env.METRICS_PORT !== undefined) env.METRICS_PORT = String(metricsPorts.get(name));
      env.REDIS_PREFIX = redisPrefix;
      env.SAAS_ENV = saasEnv;
      if (env.DATABASE_URL) {
        const url = new URL(env.DATABASE_URL);
        env.DATABASE_URL = await credentials(productionDatabase(`${decodeURIComponent(url.username)}_${runId}`, `${url.pathname.slice(1)}_${runId}`));
      }
      const devSecrets = mounts.get('/run/dev-secrets');
      if (devSecrets) env.DEV_SECRETS_DIR = devSecrets;
      const argv = [...(service.entrypoint ?? []), ...(service.command ?? [])].map((arg) => mounts.get(arg) ?? arg);
      if (argv[0] === 'node') argv[0] = process.execPath;
      services.push({
        name,
        bundle: bundleOf(service),
        argv,
        env,
        port: ports.get(name),
        metricsPort: metricsPorts.get(name),
        dependsOn: Object.keys(service.depends_on ?? {}).filter((dependency) => !(dependency in BACKING_SERVICES) && !notRun.includes(dependency)),
      });
    }

    const done = new Set<string>();
    const start = async (service: CheckedService): Promise<void> => {
      const started = ServiceProcess.spawn({ name: service.name, entry: service.bundle ?? '', env: service.env, command: service.argv, logFile: path.join(workDir, 'logs', `${service.name}.log`) });
      processes.push(started);
      if (service.port === undefined) {
        const code = await started.exited;
        if (code !== 0) throw new Error(`${service.name} (one-shot) exited ${code}:\n${started.tail()}`);
        log(`✓ ${service.name} ran (one-shot)`);
      } else {
        if (service.metricsPort === undefined) throw new Error(`${service.name}: no METRICS_PORT in the compose environment (its healthcheck's /ready)`);
        await started.waitReady(`http://127.0.0.1:${service.metricsPort}/ready`, options.readyTimeoutMs ?? 90_000);
        log(`✓ ${service.name} ready (${service.bundle} on 127.0.0.1:${service.port}, /ready on :${service.metricsPort})`);
      }
      done.add(service.name);
    };
    // In depends_on order: a wave of every service whose dependencies are done, until all are.
    const pending = [...services];
    while (pending.length) {
      const wave = pending.filter((service) => service.dependsOn.every((dependency) => done.has(dependency)));
      if (!wave.length) throw new Error(`depends_on cannot be satisfied: ${pending.map((service) => service.name).join(', ')}`);
      await Promise.all(wave.map(start));
      for (const service of wave) pending.splice(pending.indexOf(service), 1);
    }

    const gateway = services.find((service) => service.bundle === 'gateway/dist/main.js');
    if (!gateway?.port) throw new Error('docker-compose.yml has no gateway service');
    await signUpAndCreateTenant(`http://127.0.0.1:${gateway.port}/graphql`, log);
    await checkProductionExposure(`http://127.0.0.1:${gateway.port}/graphql`, log);
  } finally {
    await Promise.all(processes.map((started) => started.stop()));
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    rmSync(path.join(workDir, 'volumes'), { recursive: true, force: true });
  }
}

async function signUpAndCreateTenant(gatewayUrl: string, log: (line: string) => void): Promise<void> {
  const suffix = randomBytes(4).toString('hex');
  const signUp = dataOf(
    await graphql<{ signUp: { accessToken: string; user: { id: string } } }>(
      gatewayUrl,
      'mutation($input: SignUpInput!) { signUp(input: $input) { accessToken user { id } } }',
      { input: { email: `bundle-check-${suffix}@example.test`, password: `pw-${randomBytes(12).toString('hex')}`, displayName: 'Bundle check' } },
    ),
  ).signUp;
  log(`✓ signUp through the gateway (user ${signUp.user.id})`);
  const tenant = dataOf(
    await graphql<{ createTenant: { id: string; slug: string } }>(
      gatewayUrl,
      'mutation($input: CreateTenantInput!) { createTenant(input: $input) { id slug } }',
      { input: { name: 'Bundle check', slug: `bundle-check-${suffix}` } },
      { token: signUp.accessToken },
    ),
  ).createTenant;
  log(`✓ createTenant through the gateway (tenant ${tenant.slug})`);
}

/** The image runs in production mode: no introspection, no explorer page (libs/config graphqlExposure). */
async function checkProductionExposure(gatewayUrl: string, log: (line: string) => void): Promise<void> {
  const introspection = await graphql<{ __schema?: unknown }>(gatewayUrl, '{ __schema { queryType { name } } }');
  if (introspection.data?.__schema || !introspection.errors?.length) throw new Error('the production gateway answers introspection');
  const page = await fetch(gatewayUrl, { headers: { accept: 'text/html' } });
  if (page.status !== 404) throw new Error(`the production gateway serves the explorer (GET /graphql: ${page.status})`);
  for (const probe of ['/metrics', '/ready']) {
    const response = await fetch(new URL(probe, gatewayUrl));
    if (response.status !== 404) throw new Error(`the production gateway serves ${probe} on its public port (${response.status})`);
  }
  log('✓ production gateway: introspection refused, no explorer page, no /metrics or /ready on the public port');
}

/**
 * The image installs with `npm ci --omit=dev`: a package a bundle requires must be in the
 * `dependencies` of the root or of a workspace (the image copies every workspace's
 * package.json), not only in `devDependencies` or present by hoisting.
 */
export function checkProductionDependencies(bundles: readonly string[]): void {
  const root = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { workspaces: string[]; dependencies?: Record<string, string> };
  const manifests = root.workspaces.flatMap((pattern) =>
    pattern.endsWith('/*')
      ? readdirSync(path.join(REPO_ROOT, pattern.slice(0, -2))).map((dir) => path.join(pattern.slice(0, -2), dir, 'package.json'))
      : [path.join(pattern, 'package.json')],
  );
  const production = new Set(Object.keys(root.dependencies ?? {}));
  for (const manifest of manifests.filter((file) => existsSync(path.join(REPO_ROOT, file)))) {
    const { name, dependencies } = JSON.parse(readFileSync(path.join(REPO_ROOT, manifest), 'utf8')) as { name: string; dependencies?: Record<string, string> };
    production.add(name);
    for (const dependency of Object.keys(dependencies ?? {})) production.add(dependency);
  }
  const missing: string[] = [];
  for (const bundle of bundles) {
    const code = readFileSync(path.join(REPO_ROOT, bundle), 'utf8');
    for (const [, specifier] of code.matchAll(/\b(?:require|import)\("([^"./][^"]*)"\)/g)) {
      if (!specifier || specifier.startsWith('node:') || builtinModules.includes(specifier)) continue;
      const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : (specifier.split('/')[0] ?? specifier);
      if (!production.has(name)) missing.push(`${bundle} requires ${name}`);
    }
  }
  if (missing.length) throw new Error(`not a production dependency (npm ci --omit=dev leaves it out):\n  ${[...new Set(missing)].join('\n  ')}`);
}

/** The compose file as docker-compose resolves it (anchors, merges, interpolation). */
async function composeConfig(file: string): Promise<Record<string, ComposeService>> {
  // Relative paths (bind mounts, build context) are the repository's, wherever the file is (a test's broken copy).
  const { stdout } = await run('docker-compose', ['-f', file, '--project-directory', REPO_ROOT, 'config'], { cwd: REPO_ROOT, maxBuffer: 16 * 1024 * 1024 });
  return (parse(stdout) as { services: Record<string, ComposeService> }).services;
}

/** The `ENV` of the Dockerfile's last stage (the image every service runs). */
function dockerfileEnv(file: string): Record<string, string> {
  const stages = readFileSync(file, 'utf8').split(/^FROM /m);
  const env: Record<string, string> = {};
  for (const line of (stages.at(-1) ?? '').split('\n')) {
    const match = /^ENV\s+(.+)$/.exec(line.trim());
    if (!match?.[1]) continue;
    for (const pair of match[1].split(/\s+/)) {
      const [key, ...value] = pair.split('=');
      if (key) env[key] = value.join('=');
    }
  }
  return env;
}

function usesOurImage(service: ComposeService & { build?: unknown; image?: string }): boolean {
  return !!service.build || service.image === 'odoo-saas:local';
}

function bundleOf(service: ComposeService): string | undefined {
  return service.command?.find((arg) => /\/dist\/main\.js$/.test(arg));
}

/** Container paths of a service's mounts -> local paths (bind mounts as they are, named volumes under workDir). */
function mountsOf(service: ComposeService, workDir: string): Map<string, string> {
  const mounts = new Map<string, string>();
  for (const volume of service.volumes ?? []) {
    const { source, target, type } =
      typeof volume === 'string'
        ? (([src, dst]) => ({ source: src, target: dst ?? '', type: src?.startsWith('/') || src?.startsWith('.') ? 'bind' : 'volume' }))(volume.split(':'))
        : volume;
    if (!source || !target || source === '/var/run/docker.sock') continue;
    const local = type === 'bind' ? source : path.join(workDir, 'volumes', source);
    if (type !== 'bind') mkdirSync(local, { recursive: true });
    mounts.set(target, local);
  }
  return mounts;
}

/** Compose host names (and container paths) in a value -> where this machine has them. */
function mapValue(value: string, ports: Map<string, number>, mounts: Map<string, string>): string {
  for (const [target, local] of mounts) {
    if (value === target || value.startsWith(`${target}/`)) return local + value.slice(target.length);
  }
  return value.replace(/(\/\/(?:[^@/\s]*@)?)([a-z][a-z0-9-]*):(\d+)/g, (whole, prefix: string, host: string, port: string) => {
    const backing = BACKING_SERVICES[host]?.[Number(port)];
    if (backing) return `${prefix}${backing}`;
    const local = ports.get(host);
    return local ? `${prefix}127.0.0.1:${local}` : whole;
  });
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const composeIndex = args.indexOf('--compose');
  await runBundleCheck({ composeFile: composeIndex >= 0 ? args[composeIndex + 1] : undefined, build: !args.includes('--no-build') });
  console.log('✓ the compose environment starts every production bundle');
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(`✗ ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
