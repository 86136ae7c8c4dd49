import { EntitySchema } from '@mikro-orm/core';

export type EmailTokenPurpose = 'VERIFY_EMAIL' | 'RESET_PASSWORD';

/** A single-use token sent by email, stored by its SHA-256. */
export class EmailToken {
  tokenHash!: string;
  accountId!: string;
  purpose!: EmailTokenPurpose;
  /** The address the mail went to: verifying proves this one, not a later one. */
  email!: string;
  createdAt: Date = new Date();
  expiresAt!: Date;
  usedAt: Date | null = null;
}

export const EmailTokenSchema = new EntitySchema<EmailToken>({
  class: EmailToken,
  tableName: 'email_tokens',
  properties: {
    tokenHash: { type: 'string', length: 64, primary: true },
    accountId: { type: 'uuid' },
    purpose: { type: 'string', length: 16 },
    email: { type: 'string', length: 254 },
    createdAt: { type: 'Date' },
    expiresAt: { type: 'Date' },
    usedAt: { type: 'Date', nullable: true },
  },
});
