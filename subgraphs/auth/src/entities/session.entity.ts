import { EntitySchema } from '@mikro-orm/core';

export type SessionRevokeReason = 'LOGOUT' | 'LOGOUT_EVERYWHERE' | 'PASSWORD_CHANGED' | 'PASSWORD_RESET' | 'REFRESH_TOKEN_REUSED' | 'STAFF_REVOKED';

/**
 * One signed-in device: the `sid` of its access tokens and the family of its refresh
 * tokens. Revoking it ends every token of the family at once.
 */
export class Session {
  id!: string;
  accountId!: string;
  createdAt: Date = new Date();
  lastRefreshedAt: Date = new Date();
  /** The current refresh token's expiry; each refresh pushes it forward. */
  expiresAt!: Date;
  revokedAt: Date | null = null;
  revokeReason: SessionRevokeReason | null = null;
}

export const SessionSchema = new EntitySchema<Session>({
  class: Session,
  tableName: 'sessions',
  properties: {
    id: { type: 'uuid', primary: true },
    accountId: { type: 'uuid' },
    createdAt: { type: 'Date' },
    lastRefreshedAt: { type: 'Date' },
    expiresAt: { type: 'Date' },
    revokedAt: { type: 'Date', nullable: true },
    revokeReason: { type: 'string', length: 32, nullable: true },
  },
});
