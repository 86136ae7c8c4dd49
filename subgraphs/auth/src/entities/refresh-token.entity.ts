import { EntitySchema } from '@mikro-orm/core';

/**
 * A refresh token of a session, by its SHA-256 (the token itself is never stored). A used
 * token is kept until its session ends: presenting it again is how theft is detected.
 */
export class RefreshToken {
  tokenHash!: string;
  sessionId!: string;
  createdAt: Date = new Date();
  expiresAt!: Date;
  usedAt: Date | null = null;
}

export const RefreshTokenSchema = new EntitySchema<RefreshToken>({
  class: RefreshToken,
  tableName: 'refresh_tokens',
  properties: {
    tokenHash: { type: 'string', length: 64, primary: true },
    sessionId: { type: 'uuid' },
    createdAt: { type: 'Date' },
    expiresAt: { type: 'Date' },
    usedAt: { type: 'Date', nullable: true },
  },
});
