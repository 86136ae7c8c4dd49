import { EntitySchema } from '@mikro-orm/core';

/** Someone who can sign in: the credentials half of a user (the profile lives in the user subgraph). */
export class Account {
  /** Also the user's id in every other subgraph. */
  id!: string;
  /** Normalised address as given at sign-up (trimmed, domain lower-cased). */
  email!: string;
  /** Lower-cased `email`: accounts are unique by it and looked up by it. */
  emailKey!: string;
  /** argon2id PHC string. */
  passwordHash!: string;
  emailVerifiedAt: Date | null = null;
  /** Platform operator; granted only with `npm run staff`. */
  staff = false;
  createdAt: Date = new Date();
  updatedAt: Date = new Date();
}

export const AccountSchema = new EntitySchema<Account>({
  class: Account,
  tableName: 'accounts',
  properties: {
    id: { type: 'uuid', primary: true },
    email: { type: 'string', length: 254 },
    emailKey: { type: 'string', length: 254, unique: true },
    passwordHash: { type: 'text' },
    emailVerifiedAt: { type: 'Date', nullable: true },
    staff: { type: 'boolean' },
    createdAt: { type: 'Date' },
    updatedAt: { type: 'Date', onUpdate: () => new Date() },
  },
});
