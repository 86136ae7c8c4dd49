import type { EntityManager } from '@mikro-orm/postgresql';
import type { Identity } from '@saas/auth';
import type { SubgraphPlatform } from '@saas/subgraph';
import DataLoader from 'dataloader';
import type { Request } from 'express';
import { ProfileService, type ProfileView } from './services/profile.service';

/** Everything a resolver of the user subgraph gets. */
export interface UserContext {
  identity: Identity;
  em: EntityManager;
  profiles: ProfileService;
  /** `User` references of one request (a member list), loaded in one query. */
  profileViews: DataLoader<string, ProfileView>;
}

export function createContextFactory(platform: SubgraphPlatform) {
  return async (req: Request): Promise<UserContext> => {
    const em = platform.orm.em.fork() as EntityManager;
    const profiles = new ProfileService(em);
    return {
      identity: await platform.identify(req.headers.authorization),
      em,
      profiles,
      profileViews: new DataLoader((ids) => profiles.getMany(ids)),
    };
  };
}
