import type { EntityManager } from '@mikro-orm/postgresql';
import type { Identity } from '@saas/auth';
import type { SubgraphPlatform } from '@saas/subgraph';
import type { Request } from 'express';

/** Everything a resolver of the instance subgraph gets. */
export interface InstanceContext {
  identity: Identity;
  em: EntityManager;
}

export function createContextFactory(platform: SubgraphPlatform) {
  return async (req: Request): Promise<InstanceContext> => ({
    identity: await platform.identify(req.headers.authorization),
    em: platform.orm.em.fork() as EntityManager,
  });
}
