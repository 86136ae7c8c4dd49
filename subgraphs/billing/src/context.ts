import type { EntityManager } from '@mikro-orm/postgresql';
import type { Identity } from '@saas/auth';
import type { TenantAuthorizer } from '@saas/authz';
import type { Request } from 'express';
import { EntitlementsService } from './services/entitlements.service';
import { SubscriptionService } from './services/subscription.service';

/** Everything a resolver of the billing subgraph gets. */
export interface BillingContext {
  identity: Identity;
  em: EntityManager;
  authorizer: TenantAuthorizer;
  subscriptions: SubscriptionService;
  entitlements: EntitlementsService;
}

export interface ContextDependencies {
  em: EntityManager;
  identify: (authorization: string | undefined) => Promise<Identity>;
  authorizer: TenantAuthorizer;
}

export function createContextFactory(deps: ContextDependencies) {
  return async (req: Request): Promise<BillingContext> => {
    const em = deps.em.fork() as EntityManager;
    const subscriptions = new SubscriptionService(em);
    return {
      identity: await deps.identify(req.headers.authorization),
      em,
      authorizer: deps.authorizer,
      subscriptions,
      entitlements: new EntitlementsService(em, subscriptions),
    };
  };
}
