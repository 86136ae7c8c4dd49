import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import {
  operationsUrl,
  REPO_ROOT,
  SERVICES,
  serviceDefinition,
  type ServiceName,
  serviceEnvironment,
  ServiceProcess,
  SUBGRAPHS,
  type StackLayout,
} from '@saas/stack';
import { freePort } from './ports';
import { createDatabase, dropDatabase } from './postgres';
import { removeEnvDockerResources } from './docker';
import { dropOdooEnvDatabases } from './odoo-db';
import { createVhost, deleteVhost } from './rabbitmq';
import { deleteRedisPrefix } from './redis';

export interface TestStackOptions {
  /** Processes to run; all of them by default. */
  services?: readonly ServiceName[];
  /** Environment for every process. */
  env?: Record<string, string>;
  /** Environment for one process. */
  serviceEnv?: Partial<Record<ServiceName, Record<string, string>>>;
  /** Run each process under the dev stack's supervisor (`npm run up` does), which restarts crashed ones. */
  supervised?: boolean;
}

/**
 * A whole platform started as real processes for one test run, isolated from every other
 * run and from the dev stack: its own databases, Redis prefix, RabbitMQ vhost, Docker
 * label (`SAAS_ENV`) and free ports. `teardown` removes all of it.
 */
export class TestStack {
  readonly processes = new Map<ServiceName, ServiceProcess>();
  private readonly extraProcesses: ServiceProcess[] = [];

  private constructor(
    readonly runId: string,
    readonly layout: StackLayout & { shared: Record<string, string> },
    readonly databaseUrls: Record<string, string>,
    private readonly supervised = false,
  ) {}

  /** Creates the run's resources and starts the processes; tears everything down on failure. */
  static async start(options: TestStackOptions = {}): Promise<TestStack> {
    const runId = `t${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
    const freePorts = async () =>
      Object.fromEntries(await Promise.all(SERVICES.map(async (service) => [service.name, await freePort()] as const))) as Record<ServiceName, number>;
    const ports = await freePorts();
    const metricsPorts = await freePorts();
    const databaseUrls: Record<string, string> = {};
    const vhost = `saas-test-${runId}`;
    const shared: Record<string, string> = {
      NODE_ENV: 'test',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'info',
      REDIS_PREFIX: `saas-test:${runId}:`,
      SAAS_ENV: `test-${runId}`,
      ODOO_IMAGE: process.env.TEST_ODOO_IMAGE ?? 'saas-odoo-standin',
      BACKUP_DIR: path.join(REPO_ROOT, '.run', 'test-backups', runId),
      // Mail of services without SMTP_URL goes to files of this run, not the developer's .run/mail.
      MAIL_DIR: path.join(REPO_ROOT, '.run', 'test-mail', runId),
      // Every test client is 127.0.0.1: per-IP limits of auth would couple unrelated tests.
      // Tests of the limits set their own (serviceEnv.auth).
      LOGIN_LIMIT_PER_IP: '100000',
      RESET_LIMIT_PER_IP: '100000',
      SIGNUP_LIMIT_PER_IP: '100000',
      // Fixtures create many tenants per user and invite freely; tests of these quotas set their own.
      MAX_TENANTS_PER_USER: '100000',
      MAX_TRIALS_PER_USER: '100000',
      INVITATIONS_PER_TENANT_PER_HOUR: '100000',
      // Daily backups would add backups to any test that runs in the backup window; tests of them turn them on.
      SCHEDULED_BACKUPS: 'false',
      // Links in mails open the console this run's gateway serves.
      PUBLIC_APP_URL: `http://127.0.0.1:${ports.gateway}`,
      // The instance subgraph's mail catcher (staging copies), and where the worker points them.
      MAIL_CATCHER_PORT: String(await freePort()),
      // The edge's waker (instance subgraph, when a test gives it a Caddy).
      EDGE_WAKER_PORT: String(await freePort()),
      ...options.env,
    };
    const layout = { host: '127.0.0.1', ports, metricsPorts, databaseUrls, shared, perService: options.serviceEnv };
    const stack = new TestStack(runId, layout, databaseUrls, options.supervised);
    try {
      await Promise.all(
        SUBGRAPHS.map(async (name) => {
          databaseUrls[name] = await createDatabase(`saas_${name}`, `saas_${name}_${runId}`);
        }),
      );
      shared.AMQP_URL = await createVhost(vhost);
      const wanted = options.services ?? SERVICES.map((service) => service.name);
      // Subgraphs first (auth serves the JWKS everyone else fetches), gateway last.
      const order = SERVICES.map((service) => service.name).filter((name) => wanted.includes(name));
      const [first, ...rest] = order.filter((name) => name !== 'gateway');
      if (first) await stack.startService(first);
      await Promise.all(rest.map((name) => stack.startService(name)));
      if (wanted.includes('gateway')) await stack.startService('gateway');
      return stack;
    } catch (error) {
      await stack.teardown();
      throw error;
    }
  }

  get gatewayUrl(): string {
    return this.url('gateway', '/graphql');
  }

  get gatewayWsUrl(): string {
    return this.gatewayUrl.replace(/^http/, 'ws');
  }

  /** A path on the public port of a process (`/graphql`, `/health` ...). */
  url(service: ServiceName, pathname: string): string {
    return `http://${this.layout.host}:${this.layout.ports[service]}${pathname}`;
  }

  /** `/metrics` (or the detailed `/ready`) of a process: its operations port (METRICS_PORT), not the public one. */
  metricsUrl(service: ServiceName, pathname: '/metrics' | '/ready' = '/metrics'): string {
    return operationsUrl(service, this.layout, pathname);
  }

  env(service: ServiceName): Record<string, string> {
    return serviceEnvironment(service, this.layout);
  }

  process(service: ServiceName): ServiceProcess {
    const running = this.processes.get(service);
    if (!running) throw new Error(`${service} is not part of this stack`);
    return running;
  }

  /** Starts (or restarts after a stop/kill) one process and waits until it is ready. */
  async startService(service: ServiceName, extraEnv: Record<string, string> = {}): Promise<ServiceProcess> {
    const started = ServiceProcess.spawn({
      name: service,
      entry: serviceDefinition(service).entry,
      env: { ...this.env(service), ...extraEnv },
      logFile: this.logFile(service),
      supervised: this.supervised,
    });
    this.processes.set(service, started);
    await started.waitReady(this.metricsUrl(service, '/ready'));
    return started;
  }

  /** Another gateway on its own port, sharing everything else (multi-gateway tests). */
  async startExtraGateway(): Promise<{ url: string; wsUrl: string; metricsUrl: string; process: ServiceProcess }> {
    const port = await freePort();
    const metricsPort = await freePort();
    const started = ServiceProcess.spawn({
      name: `gateway-${port}`,
      entry: serviceDefinition('gateway').entry,
      env: { ...this.env('gateway'), PORT: String(port), METRICS_PORT: String(metricsPort) },
      logFile: this.logFile(`gateway-${port}`),
    });
    this.extraProcesses.push(started);
    const operations = `http://${this.layout.host}:${metricsPort}`;
    await started.waitReady(`${operations}/ready`);
    const url = `http://${this.layout.host}:${port}/graphql`;
    return { url, wsUrl: url.replace(/^http/, 'ws'), metricsUrl: `${operations}/metrics`, process: started };
  }

  /** Everything every process of the run wrote (e.g. to check no secret was logged). */
  allOutput(): string {
    return [...this.processes.values(), ...this.extraProcesses].map((p) => p.output()).join('\n');
  }

  async teardown(): Promise<void> {
    await Promise.all([...this.processes.values(), ...this.extraProcesses].map((p) => p.stop()));
    await Promise.all(
      Object.keys(this.databaseUrls).map((name) => dropDatabase(`saas_${name}`, `saas_${name}_${this.runId}`).catch(() => undefined)),
    );
    await deleteRedisPrefix(this.layout.shared.REDIS_PREFIX).catch(() => undefined);
    await deleteVhost(`saas-test-${this.runId}`);
    // Whatever the run's worker created: containers, volumes, Odoo databases and roles.
    const environment = this.layout.shared.SAAS_ENV;
    if (environment) {
      await removeEnvDockerResources(environment).catch(() => undefined);
      await dropOdooEnvDatabases(environment).catch(() => undefined);
    }
    // Backups and mails (which carry tokens) go with the run; its logs stay under .run/test-logs for debugging.
    for (const dir of [this.layout.shared.BACKUP_DIR, this.layout.shared.MAIL_DIR]) if (dir) rmSync(dir, { recursive: true, force: true });
  }

  private logFile(name: string): string {
    return path.join(REPO_ROOT, '.run', 'test-logs', this.runId, `${name}.log`);
  }
}
