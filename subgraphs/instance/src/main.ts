import './telemetry';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MembershipCache, TenantAuthorizer } from '@saas/authz';
import { FilesystemBackupStore } from '@saas/backups';
import { graphqlExposure } from '@saas/config';
import { Queues, type TenantChannelMessage } from '@saas/contracts';
import { exitOnStartupFailure, onShutdown } from '@saas/http';
import { createLogger, type Logger } from '@saas/logger';
import { connectBroker, DeadLetterRedriver, declareTopology, declareWhenConnected, OutboxRelay, pingBroker } from '@saas/messaging';
import { parseLinkSigningKey, parseSecretsKey } from '@saas/secrets';
import { connectSubgraphPlatform, startSubgraphServer } from '@saas/subgraph';
import { observeOutboxBacklog, shutdownTelemetry } from '@saas/telemetry';
import { startBillingEventsConsumer } from './consumers/billing-events.consumer';
import { startDeadJobsConsumer } from './consumers/dead-jobs.consumer';
import { startWorkerEventsConsumer } from './consumers/worker-events.consumer';
import { createContextFactory } from './context';
import { createEdge, createWaker } from './edge/edge';
import { edgeRoutes } from './edge/edge-routes';
import { environment } from './environment';
import { observeHibernationMemory, observeInstancesByStatus } from './instance-metrics';
import { entities, migrations } from './mikro-orm.config';
import { resolvers } from './resolvers';
import { BackupExpiry } from './services/backup-expiry.service';
import { BackupScheduler } from './services/backup-scheduler.service';
import { EntitlementsClient } from './services/entitlements.client';
import { EventApplier } from './services/event-applier.service';
import { InstanceCommands } from './services/instance-commands.service';
import { MailCatcher } from './services/mail-catcher';
import { DnsVerifier } from './services/dns-verifier';
import { type InstanceSettings, parseDomainLimits } from './services/instance-settings';
import { Reconciler } from './services/reconciler.service';
import { StatusPublisher } from './services/status-publisher';
import { transferRoutes } from './transfer-routes';
import { SuspensionService } from './services/suspension.service';

async function main(logger: Logger): Promise<void> {
  const platform = await connectSubgraphPlatform({ name: 'instance', env: environment, entities, migrations, logger });
  const em = platform.orm.em as EntityManager;
  const broker = connectBroker(environment.AMQP_URL, logger, 'instance-subgraph');
  const relay = new OutboxRelay({ orm: platform.orm, connection: broker, logger });
  void declareWhenConnected(broker, declareTopology, logger).then(() => relay.start());
  observeOutboxBacklog(relay);
  observeInstancesByStatus(em);
  observeHibernationMemory(em);
  const publisher = new StatusPublisher(platform.redis, platform.keys, logger);
  const edge = createEdge(environment, em, logger);
  const afterCommit = (messages: TenantChannelMessage[]) => {
    relay.wake();
    publisher.publish(messages);
    // Status and domain changes reach the edge at once, not at its next round.
    edge?.poke();
  };
  const settings: InstanceSettings = {
    supportedVersions: environment.ODOO_VERSIONS,
    baseDomain: environment.BASE_DOMAIN,
    urlScheme: environment.PUBLIC_URL_SCHEME,
    secretsKey: parseSecretsKey(environment.SECRETS_KEY),
    environment: environment.SAAS_ENV,
    edgePorts: { http: environment.EDGE_HTTP_PORT, https: environment.EDGE_HTTPS_PORT },
    customDomainLimits: parseDomainLimits(environment.CUSTOM_DOMAINS_PER_PLAN),
    links: {
      key: parseLinkSigningKey(environment.LINK_SIGNING_KEY),
      publicUrl: environment.PUBLIC_APP_URL,
      downloadTtlMs: environment.DOWNLOAD_LINK_MINUTES * 60_000,
      uploadTtlMs: environment.UPLOAD_LINK_MINUTES * 60_000,
    },
    importDefaultMaxBytes: environment.IMPORT_DEFAULT_MAX_BYTES,
  };
  const store = new FilesystemBackupStore(environment.BACKUP_DIR);
  const mailCatcher = new MailCatcher({ em, secretsKey: settings.secretsKey, logger });
  await mailCatcher.listen(environment.MAIL_CATCHER_PORT, environment.MAIL_CATCHER_LISTEN_HOST);
  const dns = new DnsVerifier(environment.DNS_SERVERS);
  const authorizer = new TenantAuthorizer({
    cache: new MembershipCache(platform.redis, platform.keys),
    tenantUrl: environment.TENANT_URL,
    logger,
  });
  const entitlements = new EntitlementsClient(environment.BILLING_URL, logger);
  const applier = new EventApplier(em, logger);
  const consumer = startWorkerEventsConsumer({
    connection: broker,
    applier,
    reconciler: new Reconciler(em, environment.SAAS_ENV, logger),
    backupExpiry: new BackupExpiry(em, environment.SAAS_ENV, logger),
    commands: () => new InstanceCommands({ em: em.fork(), authorizer, entitlements, settings, afterCommit }),
    publish: (messages) => afterCommit(messages),
    edgeActivity: () => edge?.activity(),
    logger,
  });
  const deadJobsConsumer = startDeadJobsConsumer({ connection: broker, applier, publish: afterCommit, logger });
  const billingConsumer = startBillingEventsConsumer(
    broker,
    () => new SuspensionService(em, new InstanceCommands({ em: em.fork(), authorizer, entitlements, settings, afterCommit }), logger),
    logger,
  );
  // Events a crash loop dead-lettered are applied again (instance.jobs.dead has the dead-jobs consumer).
  const redriver = new DeadLetterRedriver({ connection: broker, queues: [Queues.instanceWorkerEvents, Queues.instanceBillingEvents], logger }).start();
  const subgraph = await startSubgraphServer({
    name: 'instance',
    port: environment.PORT,
    host: environment.LISTEN_HOST,
    operations: { port: environment.METRICS_PORT, host: environment.METRICS_HOST },
    trustedProxies: environment.TRUSTED_PROXIES,
    exposure: graphqlExposure(environment),
    maxInFlight: environment.MAX_IN_FLIGHT_REQUESTS,
    gatewaySecret: environment.GATEWAY_SECRET,
    logger,
    resolvers,
    checks: [...platform.checks, { name: 'rabbitmq', check: () => pingBroker(broker) }],
    routes: (app) => {
      transferRoutes({ em, authorizer, store, settings, entitlements, logger })(app);
      if (edge) edgeRoutes(edge, logger)(app);
    },
    context: createContextFactory({ em, identify: platform.identify, authorizer, entitlements, settings, dns, store, afterCommit }),
  });
  const stopScheduler = environment.SCHEDULED_BACKUPS
    ? startBackupSchedule(
        new BackupScheduler({
          em,
          commands: () => new InstanceCommands({ em: em.fork(), authorizer, entitlements, settings, afterCommit }),
          window: { startHour: environment.BACKUP_WINDOW_START_HOUR, hours: environment.BACKUP_WINDOW_HOURS },
          logger,
        }),
        environment.BACKUP_SCHEDULE_INTERVAL_MS,
        logger,
      )
    : () => undefined;
  const waker = edge ? createWaker(environment, em, () => new InstanceCommands({ em: em.fork(), authorizer, entitlements, settings, afterCommit }), logger) : undefined;
  await waker?.listen(environment.EDGE_WAKER_PORT, environment.EDGE_WAKER_LISTEN_HOST);
  edge?.start();
  onShutdown(logger, [
    async () => edge?.stop(),
    async () => waker?.close(),
    async () => stopScheduler(),
    subgraph.stop,
    () => mailCatcher.close(),
    () => consumer.close(),
    () => deadJobsConsumer.close(),
    () => billingConsumer.close(),
    () => redriver.close(),
    () => relay.stop(),
    () => publisher.flushed(),
    () => broker.close(),
    platform.close,
    shutdownTelemetry,
  ]);
}

/** Ticks the scheduler every `intervalMs`, one tick at a time; returns the stop. */
function startBackupSchedule(scheduler: BackupScheduler, intervalMs: number, logger: Logger): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    scheduler
      .tick()
      .catch((error: unknown) => logger.warn({ err: error }, 'backup scheduler tick failed'))
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

const logger = createLogger({ service: 'instance-subgraph', level: environment.LOG_LEVEL });
main(logger).catch(exitOnStartupFailure(logger));
