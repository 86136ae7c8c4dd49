import path from 'node:path';
import { amqpEnv, boolean, commonEnv, devOdooDbAdminUrl, type Env, loadEnvOrExit, metricsEnv, port, postgresCredentialUrl, PUBLISHED_ODOO_DB_ADMIN_PASSWORD, redisEnv, z } from '@saas/config';
import { secretsKeyEnv } from '@saas/secrets';

const REPO_ROOT = path.resolve(__dirname, '../..');

const milliseconds = (fallback: number) => z.coerce.number().int().min(100).default(fallback);

/** Every variable of the worker, each with a working local default. */
export const workerEnv = {
  ...commonEnv,
  ...amqpEnv,
  /** Live logs: which instances have viewers, and where their lines go. */
  ...redisEnv,
  /** `/health` only: the worker serves nothing else in public. */
  PORT: port(4010),
  /** `/metrics` and the detailed `/ready` (RabbitMQ, Docker, Odoo DB server, consuming). */
  ...metricsEnv(9410),
  /** Label `saas.env` on everything the worker creates: runs never touch each other's containers. */
  SAAS_ENV: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_.-]{0,62}$/, 'lower-case letters, digits, ".", "_" and "-"')
    .default('dev'),
  /** Read by dockerode itself (unix://, tcp://, with DOCKER_TLS_VERIFY/DOCKER_CERT_PATH). */
  DOCKER_HOST: z.string().optional(),
  ODOO_IMAGE: z.string().min(1).default('odoo'),
  // Locally: ops/services/ensure-services.sh's admin, whose random password it generated; the
  // password published before that is refused in production too.
  ODOO_DB_ADMIN_URL: postgresCredentialUrl(devOdooDbAdminUrl(), [PUBLISHED_ODOO_DB_ADMIN_PASSWORD]),
  /** How containers reach the Odoo database server (not how the worker does). */
  ODOO_DB_HOST: z.string().min(1).default('host.docker.internal'),
  ODOO_DB_PORT: port(5433),
  ODOO_NETWORK: z.string().min(1).default('odoo-saas'),
  /**
   * Where staging copies send their mail: the instance subgraph's mail catcher, as the
   * containers reach it (it listens on MAIL_CATCHER_PORT there too).
   */
  MAIL_CATCHER_HOST: z.string().min(1).default('host.docker.internal'),
  MAIL_CATCHER_PORT: port(2525),
  BASE_DOMAIN: z.string().min(1).default('odoo.localhost'),
  PUBLIC_URL_SCHEME: z.enum(['http', 'https']).default('https'),
  /** Publish 8069 on a random 127.0.0.1 port: the worker health-checks through it. */
  ODOO_PUBLISH_PORTS: boolean(true),
  /**
   * The backup store (a directory): every worker node and the instance subgraph mount the
   * same one (NFS or another shared filesystem in production).
   */
  BACKUP_DIR: z.string().min(1).default(path.join(REPO_ROOT, '.run', 'backups')),
  /** Scratch space for dumps being written or restored; default `<BACKUP_DIR>/.work`. */
  WORK_DIR: z.string().min(1).optional(),
  /** Decrypts instance secrets; required in production (libs/secrets). */
  ...secretsKeyEnv,
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  HEALTH_TIMEOUT_MS: milliseconds(180_000),
  /** `odoo -i base` on a real image takes a minute or more; `-u all` longer. */
  INIT_TIMEOUT_MS: milliseconds(900_000),
  PULL_TIMEOUT_MS: milliseconds(600_000),
  /** An upgraded instance must still be up and healthy this long after /web/health first passed. */
  UPGRADE_SETTLE_MS: milliseconds(5_000),
  RECONCILE_INTERVAL_MS: milliseconds(15_000),
  /** Live logs: lines per second and instance passed on; above it lines are dropped with a marker line. */
  LOG_LINES_PER_SECOND: z.coerce.number().int().min(1).max(10_000).default(200),
  /** Live logs: how often viewers' interest is read; a follower stops within about this long of its last viewer leaving. */
  LOG_POLL_MS: milliseconds(1_000),
  /** How long a SIGTERM waits for running jobs; the rest are redelivered and adopted later. */
  SHUTDOWN_GRACE_MS: milliseconds(7_000),
};

export type WorkerEnv = Env<typeof workerEnv>;

export const environment: WorkerEnv = loadEnvOrExit('provisioning-worker', workerEnv);
