import type { EntityManager } from '@mikro-orm/postgresql';
import type { TenantAuthorizer } from '@saas/authz';
import type { Logger } from '@saas/logger';
import type { BillingSettings } from './billing-settings';
import { BillingCycle } from './billing-cycle';
import type { Clock } from './clock';
import { DunningService } from './dunning.service';
import { EntitlementsService } from './entitlements.service';
import type { InstanceInventory } from './instance-directory';
import { InvoiceIssuer } from './invoice-issuer.service';
import { InvoiceQueries } from './invoice-queries.service';
import type { PaymentProvider } from './payment-provider';
import { PaymentService } from './payment.service';
import { PlanService } from './plan.service';
import { SubscriptionCommands } from './subscription-commands.service';
import { SubscriptionService } from './subscription.service';
import { UsageService } from './usage.service';

/** What every billing service is built from, once per process. */
export interface BillingFoundation {
  settings: BillingSettings;
  provider: PaymentProvider;
  clock: Clock;
  logger: Logger;
  /** Wakes the outbox relay after a commit that wrote to the outbox (a no-op in the CLIs). */
  afterCommit: () => void;
}

/** The services that need no viewer: consumers, the scheduler, the CLIs. */
export function platformServices(em: EntityManager, foundation: BillingFoundation) {
  const { settings, provider, logger, afterCommit } = foundation;
  const issuer = new InvoiceIssuer(em, settings, provider, logger, afterCommit);
  const dunning = new DunningService(em, settings, logger, afterCommit);
  return {
    subscriptions: new SubscriptionService(em, foundation.clock),
    usage: new UsageService(em),
    issuer,
    dunning,
    cycle: new BillingCycle(issuer, dunning, logger),
  };
}

/** The services of one GraphQL request, on its own entity manager. */
export function requestServices(em: EntityManager, foundation: BillingFoundation, access: { authorizer: TenantAuthorizer; instances: InstanceInventory }) {
  const { clock, logger, afterCommit } = foundation;
  const subscriptions = new SubscriptionService(em, clock);
  return {
    subscriptions,
    subscriptionCommands: new SubscriptionCommands({ em, subscriptions, ...access, clock, afterCommit }),
    entitlements: new EntitlementsService(em, subscriptions, clock),
    plans: new PlanService(em, { currency: foundation.settings.currency, supportedVersions: foundation.settings.supportedVersions }, logger),
    usage: new UsageService(em),
    invoices: new InvoiceQueries(em),
    payments: new PaymentService({ em, provider: foundation.provider, clock, logger, afterCommit }),
  };
}

export type RequestServices = ReturnType<typeof requestServices>;
