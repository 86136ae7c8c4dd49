import { EntitySchema } from '@mikro-orm/core';

/**
 * A "forgot password" request waiting for the reset mailer. Written for every address asked
 * about, known or not, so the request itself does the same work either way.
 */
export class PasswordResetRequest {
  id!: string;
  /** The normalised, lower-cased address as asked (domain/email `emailKey`). */
  emailKey!: string;
  requestedAt: Date = new Date();
}

export const PasswordResetRequestSchema = new EntitySchema<PasswordResetRequest>({
  class: PasswordResetRequest,
  tableName: 'password_reset_requests',
  properties: {
    id: { type: 'bigint', primary: true, autoincrement: true },
    emailKey: { type: 'string', length: 254 },
    requestedAt: { type: 'Date' },
  },
});
