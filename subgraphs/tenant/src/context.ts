import type { EntityManager } from '@mikro-orm/postgresql';
import type { Identity } from '@saas/auth';
import type { SubgraphPlatform } from '@saas/subgraph';
import type { Request } from 'express';

/** Everything a resolver of the tenant subgraph gets. */
export interface TenantContext {
  identity: Identity;
  em: EntityManager;
}

export function createContextFactory(platform: SubgraphPlatform) {
  return async (req: Request): Promise<TenantContext> => ({
    identity: await platform.identify(req.headers.authorization),
    em: platform.orm.em.fork() as EntityManager,
  });
}
