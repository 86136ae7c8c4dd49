import './telemetry';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MembershipCache, TenantAuthorizer } from '@saas/authz';
import { graphqlExposure } from '@saas/config';
import { exitOnStartupFailure, onShutdown } from '@saas/http';
import { createLogger, type Logger } from '@saas/logger';
import { Queues } from '@saas/contracts';
import { connectBroker, DeadLetterRedriver, declareTopology, declareWhenConnected, OutboxRelay, pingBroker } from '@saas/messaging';
import { connectSubgraphPlatform, startSubgraphServer } from '@saas/subgraph';
import { observeOutboxBacklog, shutdownTelemetry } from '@saas/telemetry';
import { startInstanceStatusConsumer } from './consumers/instance-status.consumer';
import { startTenantEventsConsumer } from './consumers/tenant-events.consumer';
import { createContextFactory } from './context';
import { environment } from './environment';
import { entities, migrations } from './mikro-orm.config';
import { resolvers } from './resolvers';
import { BillingScheduler } from './scheduler/billing-scheduler';
import { type BillingFoundation, platformServices } from './services/billing-services';
import { billingSettingsFrom } from './services/billing-settings';
import { systemClock } from './services/clock';
import { InstanceDirectory } from './services/instance-directory';
import { ManualPaymentProvider } from './services/payment-provider';

async function main(logger: Logger): Promise<void> {
  const platform = await connectSubgraphPlatform({ name: 'billing', env: environment, entities, migrations, logger });
  const em = platform.orm.em as EntityManager;
  const broker = connectBroker(environment.AMQP_URL, logger, 'billing-subgraph');
  const relay = new OutboxRelay({ orm: platform.orm, connection: broker, logger });
  void declareWhenConnected(broker, declareTopology, logger).then(() => relay.start());
  observeOutboxBacklog(relay);
  const foundation: BillingFoundation = {
    settings: billingSettingsFrom(environment),
    provider: new ManualPaymentProvider(),
    clock: systemClock,
    logger,
    afterCommit: () => relay.wake(),
  };
  const authorizer = new TenantAuthorizer({
    cache: new MembershipCache(platform.redis, platform.keys),
    tenantUrl: environment.TENANT_URL,
    logger,
  });
  const statusConsumer = startInstanceStatusConsumer(broker, () => platformServices(em.fork(), foundation).usage, logger);
  const tenantConsumer = startTenantEventsConsumer(broker, () => platformServices(em.fork(), foundation).subscriptions, logger);
  const redriver = new DeadLetterRedriver({ connection: broker, queues: [Queues.billingInstanceStatus, Queues.billingTenantEvents], logger }).start();
  const scheduler = new BillingScheduler(() => platformServices(em.fork(), foundation).cycle, systemClock, environment.BILLING_CYCLE_INTERVAL_MS, logger);
  scheduler.start();
  const subgraph = await startSubgraphServer({
    name: 'billing',
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
    context: createContextFactory({
      em,
      identify: platform.identify,
      authorizer,
      instances: new InstanceDirectory(environment.INSTANCE_URL, logger),
      foundation,
    }),
  });
  onShutdown(logger, [
    subgraph.stop,
    () => scheduler.stop(),
    () => statusConsumer.close(),
    () => tenantConsumer.close(),
    () => redriver.close(),
    () => relay.stop(),
    () => broker.close(),
    platform.close,
    shutdownTelemetry,
  ]);
}

const logger = createLogger({ service: 'billing-subgraph', level: environment.LOG_LEVEL });
main(logger).catch(exitOnStartupFailure(logger));
