import type { EntityManager } from '@mikro-orm/postgresql';
import type { Identity } from '@saas/auth';
import type { TenantAuthorizer } from '@saas/authz';
import type { Request } from 'express';
import { type BillingFoundation, requestServices, type RequestServices } from './services/billing-services';
import type { InstanceInventory } from './services/instance-directory';

/** Everything a resolver of the billing subgraph gets. */
export interface BillingContext extends RequestServices {
  identity: Identity;
  /** Client address forwarded by the gateway, for the audit log. */
  ip: string | null;
  em: EntityManager;
  authorizer: TenantAuthorizer;
  foundation: BillingFoundation;
}

export interface ContextDependencies {
  em: EntityManager;
  identify: (authorization: string | undefined) => Promise<Identity>;
  authorizer: TenantAuthorizer;
  instances: InstanceInventory;
  foundation: BillingFoundation;
}

export function createContextFactory(deps: ContextDependencies) {
  return async (req: Request): Promise<BillingContext> => {
    const em = deps.em.fork() as EntityManager;
    const forwarded = req.headers['x-forwarded-for'];
    return {
      identity: await deps.identify(req.headers.authorization),
      ip: (Array.isArray(forwarded) ? forwarded[0] : forwarded?.split(',')[0]?.trim()) ?? null,
      em,
      authorizer: deps.authorizer,
      foundation: deps.foundation,
      ...requestServices(em, deps.foundation, { authorizer: deps.authorizer, instances: deps.instances }),
    };
  };
}
