import type { EntityManager } from '@mikro-orm/postgresql';
import { DEFAULT_PROFILE, Profile } from '../entities/profile.entity';
import { type ProfileInput, parseProfileInput } from './profile-input';

/** A profile as the API shows it: stored values, or defaults for a user without one. */
export type ProfileView = Pick<Profile, 'id' | 'displayName' | 'locale' | 'timeZone' | 'avatarUrl'>;

export class ProfileService {
  constructor(private readonly em: EntityManager) {}

  async get(userId: string): Promise<ProfileView> {
    return (await this.em.findOne(Profile, { id: userId })) ?? { id: userId, ...DEFAULT_PROFILE };
  }

  /** Loads many profiles in one query (federation batches `User` references). */
  async getMany(userIds: readonly string[]): Promise<ProfileView[]> {
    // A malformed id in a reference gets the defaults, not a database error.
    const ids = userIds.filter((id) => UUID.test(id));
    const found = ids.length > 0 ? await this.em.find(Profile, { id: { $in: ids } }) : [];
    const byId = new Map(found.map((p) => [p.id, p]));
    return userIds.map((id) => byId.get(id) ?? { id, ...DEFAULT_PROFILE });
  }

  async update(userId: string, input: ProfileInput): Promise<ProfileView> {
    const changes = parseProfileInput(input);
    return this.em.transactional(async (em) => {
      // Lock the user id so two concurrent first updates cannot both insert (em.execute
      // runs inside this transaction; getConnection().execute would not).
      await em.execute('select pg_advisory_xact_lock(hashtext(?))', [userId]);
      let profile = await em.findOne(Profile, { id: userId });
      if (!profile) {
        profile = em.create(Profile, { id: userId, ...DEFAULT_PROFILE, createdAt: new Date(), updatedAt: new Date() });
      }
      em.assign(profile, changes);
      return profile;
    });
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
