import { EntitySchema } from '@mikro-orm/core';

/** A user's profile. Created by the first `updateProfile`; absent means defaults. */
export class Profile {
  id!: string;
  displayName!: string;
  locale!: string;
  timeZone!: string;
  avatarUrl: string | null = null;
  createdAt: Date = new Date();
  updatedAt: Date = new Date();
}

export const ProfileSchema = new EntitySchema<Profile>({
  class: Profile,
  tableName: 'profiles',
  properties: {
    id: { type: 'uuid', primary: true },
    displayName: { type: 'string', length: 80 },
    locale: { type: 'string', length: 35 },
    timeZone: { type: 'string', length: 64 },
    avatarUrl: { type: 'text', nullable: true },
    createdAt: { type: 'Date' },
    updatedAt: { type: 'Date', onUpdate: () => new Date() },
  },
});

/** What a user without a stored profile looks like. */
export const DEFAULT_PROFILE = { displayName: 'New user', locale: 'en-US', timeZone: 'UTC', avatarUrl: null } as const;
