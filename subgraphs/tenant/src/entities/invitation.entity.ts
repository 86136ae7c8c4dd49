import { EntitySchema } from '@mikro-orm/core';
import type { Role } from '@saas/authz';

/** Stored states; EXPIRED is derived from `expiresAt` when read. */
export type StoredInvitationStatus = 'PENDING' | 'ACCEPTED' | 'REVOKED';

/** An emailed offer to join a tenant. Only the SHA-256 of its token is kept. */
export class Invitation {
  id!: string;
  tenantId!: string;
  email!: string;
  role!: Role;
  tokenHash!: string;
  status: StoredInvitationStatus = 'PENDING';
  expiresAt!: Date;
  invitedBy!: string;
  createdAt: Date = new Date();
  acceptedBy: string | null = null;
  acceptedAt: Date | null = null;
  revokedAt: Date | null = null;
}

export const InvitationSchema = new EntitySchema<Invitation>({
  class: Invitation,
  tableName: 'invitations',
  properties: {
    id: { type: 'uuid', primary: true },
    tenantId: { type: 'uuid' },
    email: { type: 'string', length: 254 },
    role: { type: 'string', length: 16 },
    tokenHash: { type: 'string', length: 64 },
    status: { type: 'string', length: 16 },
    expiresAt: { type: 'Date' },
    invitedBy: { type: 'uuid' },
    createdAt: { type: 'Date' },
    acceptedBy: { type: 'uuid', nullable: true },
    acceptedAt: { type: 'Date', nullable: true },
    revokedAt: { type: 'Date', nullable: true },
  },
});
