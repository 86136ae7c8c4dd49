import './telemetry';
import path from 'node:path';
import { FilesystemBackupStore } from '@saas/backups';
import { connectBroker, declareTopology, pingBroker } from '@saas/messaging';
import { exitOnStartupFailure, onShutdown } from '@saas/http';
import { createLogger, type Logger } from '@saas/logger';
import { parseSecretsKey } from '@saas/secrets';
import { connectRedis, redisKeys } from '@saas/redis';
import { observedGauge, shutdownTelemetry } from '@saas/telemetry';
import { EventPublisher } from './consumer/event-publisher';
import { InstanceLocks } from './consumer/instance-lock';
import { JobLedger } from './consumer/job-ledger';
import { JobConsumer } from './consumer/job-consumer';
import { JobRunner } from './consumer/job-runner';
import { createDockerClient, pingDocker } from './docker/engine';
import { environment as env } from './environment';
import { startHealthServer } from './http/health-server';
import type { JobSettings } from './jobs/job-context';
import { observeQueueDepth, prometheusWorkerMetrics } from './metrics/worker-metrics';
import { LogFollowers } from './logs/log-followers';
import { LogStore } from './logs/log-store';
import { OdooDbAdmin } from './odoo-db/odoo-db-admin';
import { BackupExpiry } from './reconciler/backup-expiry';
import { Reconciler } from './reconciler/reconciler';

const settings: JobSettings = {
  environment: env.SAAS_ENV,
  odooImage: env.ODOO_IMAGE,
  network: env.ODOO_NETWORK,
  baseDomain: env.BASE_DOMAIN,
  scheme: env.PUBLIC_URL_SCHEME,
  publishPorts: env.ODOO_PUBLISH_PORTS,
  databaseHost: env.ODOO_DB_HOST,
  databasePort: env.ODOO_DB_PORT,
  mailCatcher: { host: env.MAIL_CATCHER_HOST, port: env.MAIL_CATCHER_PORT },
  workDir: env.WORK_DIR ?? path.join(env.BACKUP_DIR, '.work'),
  healthTimeoutMs: env.HEALTH_TIMEOUT_MS,
  initTimeoutMs: env.INIT_TIMEOUT_MS,
  pullTimeoutMs: env.PULL_TIMEOUT_MS,
  upgradeSettleMs: env.UPGRADE_SETTLE_MS,
};

/** Retries until the broker answers: the worker has nothing to do without its queues. */
async function declareTopologyWhenReachable(connection: Parameters<typeof declareTopology>[0], logger: Logger): Promise<void> {
  for (let failures = 0; ; failures += 1) {
    try {
      await declareTopology(connection);
      return;
    } catch (error) {
      if (failures === 0) logger.warn({ err: error }, 'cannot declare the RabbitMQ topology yet; retrying');
      await new Promise((resolve) => setTimeout(resolve, Math.min(500 * 2 ** failures, 5_000)));
    }
  }
}

async function main(logger: Logger): Promise<void> {
  const docker = createDockerClient(env.DOCKER_HOST);
  const odooDb = new OdooDbAdmin(env.ODOO_DB_ADMIN_URL, logger);
  const store = new FilesystemBackupStore(env.BACKUP_DIR);
  const connection = connectBroker(env.AMQP_URL, logger, `provisioning-worker:${env.SAAS_ENV}`);
  const redis = await connectRedis({ url: env.REDIS_URL, logger, name: `provisioning-worker:${env.SAAS_ENV}` });
  const logFollowers = new LogFollowers({
    docker,
    store: new LogStore(redis, redisKeys(env.REDIS_PREFIX)),
    environment: env.SAAS_ENV,
    linesPerSecond: env.LOG_LINES_PER_SECOND,
    pollMs: env.LOG_POLL_MS,
    logger,
  });
  observedGauge({ name: 'worker_live_log_followers', help: 'Live log followers running here (kind=followers) and the engine log streams they hold open (kind=streams)', labelNames: ['kind'] }, (gauge) => {
    gauge.set({ kind: 'followers' }, logFollowers.stats.followers);
    gauge.set({ kind: 'streams' }, logFollowers.stats.streams);
  });
  let consuming = false;
  const http = await startHealthServer({
    port: env.PORT,
    host: env.LISTEN_HOST,
    operations: { port: env.METRICS_PORT, host: env.METRICS_HOST },
    checks: [
      { name: 'rabbitmq', check: () => pingBroker(connection) },
      { name: 'docker', check: () => pingDocker(docker) },
      { name: 'odoo-db', check: () => odooDb.ping() },
      {
        name: 'consumer',
        check: async () => {
          if (!consuming) throw new Error('not consuming yet');
        },
      },
    ],
  });
  logger.info({ port: http.port, metricsPort: http.operationsPort }, 'provisioning worker listening');

  const events = new EventPublisher(connection, logger);
  const ledger = await JobLedger.open(env.ODOO_DB_ADMIN_URL, env.SAAS_ENV, logger);
  const locks = new InstanceLocks(odooDb, logger);
  const consumer = new JobConsumer({
    connection,
    events,
    locks,
    ledger,
    runner: new JobRunner({ docker, odooDb, store, settings }, events, parseSecretsKey(env.SECRETS_KEY), logger, (instanceId, line) => logFollowers.platformLine(instanceId, line)),
    metrics: prometheusWorkerMetrics(),
    concurrency: env.WORKER_CONCURRENCY,
    logger,
  });
  observeQueueDepth(connection);
  const backupExpiry = new BackupExpiry(store, locks, logger);
  const reconciler = new Reconciler(docker, events, env.SAAS_ENV, env.ODOO_NETWORK, env.RECONCILE_INTERVAL_MS, backupExpiry, logger);
  // Registered before the (possibly long) wait for the broker, so SIGTERM always exits cleanly.
  onShutdown(logger, [
    () => consumer.stop(env.SHUTDOWN_GRACE_MS),
    () => reconciler.stop(),
    () => logFollowers.stop(),
    () => http.stop(),
    () => events.close(),
    () => connection.close(),
    () => ledger.close(),
    () => odooDb.close(),
    () => redis.quit(),
    shutdownTelemetry,
  ]);

  await declareTopologyWhenReachable(connection, logger);
  consumer.start();
  consuming = true;
  reconciler.start();
  logFollowers.start();
  logger.info({ environment: env.SAAS_ENV, concurrency: env.WORKER_CONCURRENCY, image: env.ODOO_IMAGE }, 'consuming instance jobs');
}

const logger = createLogger({ service: 'provisioning-worker', level: env.LOG_LEVEL });
main(logger).catch(exitOnStartupFailure(logger));
