import type { EntityManager } from '@mikro-orm/postgresql';
import type { Identity } from '@saas/auth';
import type { SubgraphPlatform } from '@saas/subgraph';
import type { Request } from 'express';
import { ProfileService } from './services/profile.service';

/** Everything a resolver of the user subgraph gets. */
export interface UserContext {
  identity: Identity;
  em: EntityManager;
  profiles: ProfileService;
}

export function createContextFactory(platform: SubgraphPlatform) {
  return async (req: Request): Promise<UserContext> => {
    const em = platform.orm.em.fork() as EntityManager;
    return {
      identity: await platform.identify(req.headers.authorization),
      em,
      profiles: new ProfileService(em),
    };
  };
}
