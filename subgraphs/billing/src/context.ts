import type { EntityManager } from '@mikro-orm/postgresql';
import type { Identity } from '@saas/auth';
import type { TenantAuthorizer } from '@saas/authz';
import type { CallerInfo } from '@saas/subgraph';
import type { Request } from 'express';
import { type BillingFoundation, requestServices, type RequestServices } from './services/billing-services';
import type { InstanceInventory } from './services/instance-directory';

/** Everything a resolver of the billing subgraph gets. */
export interface BillingContext extends RequestServices {
  identity: Identity;
  /** The client's address (libs/subgraph client-address), for the audit log. */
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
  return async (req: Request, caller: CallerInfo): Promise<BillingContext> => {
    const em = deps.em.fork() as EntityManager;
    return {
      identity: await deps.identify(req.headers.authorization),
      ip: caller.clientIp,
      em,
      authorizer: deps.authorizer,
      foundation: deps.foundation,
      ...requestServices(em, deps.foundation, { authorizer: deps.authorizer, instances: deps.instances }),
    };
  };
}
