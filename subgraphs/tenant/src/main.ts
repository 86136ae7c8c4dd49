import './telemetry';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MembershipCache } from '@saas/authz';
import { graphqlExposure } from '@saas/config';
import { exitOnStartupFailure, onShutdown } from '@saas/http';
import { createLogger, type Logger } from '@saas/logger';
import { createMailer } from '@saas/mail';
import { Queues } from '@saas/contracts';
import { connectBroker, DeadLetterRedriver, declareTopology, declareWhenConnected, OutboxRelay, pingBroker } from '@saas/messaging';
import { connectSubgraphPlatform, startSubgraphServer } from '@saas/subgraph';
import { observeOutboxBacklog, shutdownTelemetry } from '@saas/telemetry';
import { startAuditEventsConsumer } from './consumers/audit-events.consumer';
import { startBillingStatusConsumer } from './consumers/billing-status.consumer';
import { createContextFactory, type TenantServices } from './context';
import { environment, tenantQuotas } from './environment';
import { entities, migrations } from './mikro-orm.config';
import { resolvers } from './resolvers';
import { AccountDirectory } from './services/account-directory';
import { PlatformCommitHooks } from './services/commit-hooks';
import { InstanceDirectory } from './services/instance-directory';
import { TenantService } from './services/tenant.service';

async function main(logger: Logger): Promise<void> {
  const platform = await connectSubgraphPlatform({ name: 'tenant', env: environment, entities, migrations, logger });
  const em = platform.orm.em as EntityManager;
  const broker = connectBroker(environment.AMQP_URL, logger, 'tenant-subgraph');
  const relay = new OutboxRelay({ orm: platform.orm, connection: broker, logger });
  void declareWhenConnected(broker, declareTopology, logger).then(() => relay.start());
  observeOutboxBacklog(relay);
  const mailer = createMailer({ smtpUrl: environment.SMTP_URL, from: environment.MAIL_FROM, mailDir: environment.MAIL_DIR, logger });
  const services: TenantServices = {
    em,
    identify: platform.identify,
    hooks: new PlatformCommitHooks(new MembershipCache(platform.redis, platform.keys), relay, logger),
    mailer,
    accounts: new AccountDirectory(environment.AUTH_URL, logger),
    instances: new InstanceDirectory(environment.INSTANCE_URL, logger),
    appUrl: environment.PUBLIC_APP_URL,
    logger,
    quotas: tenantQuotas(),
  };
  const auditConsumer = startAuditEventsConsumer(broker, em, logger);
  const billingConsumer = startBillingStatusConsumer(
    broker,
    () => new TenantService({ em: em.fork() as EntityManager, hooks: services.hooks, instances: services.instances, quotas: services.quotas }),
    logger,
  );
  const redriver = new DeadLetterRedriver({ connection: broker, queues: [Queues.tenantAudit, Queues.tenantBillingEvents], logger }).start();
  const subgraph = await startSubgraphServer({
    name: 'tenant',
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
    context: createContextFactory(services),
  });
  onShutdown(logger, [
    subgraph.stop,
    () => auditConsumer.close(),
    () => billingConsumer.close(),
    () => redriver.close(),
    () => relay.stop(),
    () => broker.close(),
    async () => mailer.close(),
    platform.close,
    shutdownTelemetry,
  ]);
}

const logger = createLogger({ service: 'tenant-subgraph', level: environment.LOG_LEVEL });
main(logger).catch(exitOnStartupFailure(logger));
