import { EntitySchema } from '@mikro-orm/core';

/** A mail a staging copy tried to send, kept by the platform's mail catcher instead of sent. */
export class CaughtMail {
  id!: string;
  instanceId!: string;
  tenantId!: string;
  /** The envelope sender (MAIL FROM). */
  mailFrom!: string;
  /** The envelope recipients (RCPT TO). */
  mailTo: string[] = [];
  /** The Subject header, decoded; empty when it had none. */
  subject = '';
  sizeBytes = 0;
  caughtAt: Date = new Date();
}

export const CaughtMailSchema = new EntitySchema<CaughtMail>({
  class: CaughtMail,
  tableName: 'caught_mails',
  properties: {
    id: { type: 'uuid', primary: true },
    instanceId: { type: 'uuid' },
    tenantId: { type: 'uuid' },
    mailFrom: { type: 'text' },
    mailTo: { type: 'json' },
    subject: { type: 'text' },
    sizeBytes: { type: 'integer' },
    caughtAt: { type: 'Date' },
  },
});
