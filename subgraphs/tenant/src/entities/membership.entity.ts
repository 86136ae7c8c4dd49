import { EntitySchema } from '@mikro-orm/core';
import type { Role } from '@saas/authz';

/** A user's role in a tenant: the source of truth for "may user U act on tenant T". */
export class Membership {
  tenantId!: string;
  userId!: string;
  role!: Role;
  joinedAt: Date = new Date();
}

export const MembershipSchema = new EntitySchema<Membership>({
  class: Membership,
  tableName: 'memberships',
  properties: {
    tenantId: { type: 'uuid', primary: true },
    userId: { type: 'uuid', primary: true },
    role: { type: 'string', length: 16 },
    joinedAt: { type: 'Date' },
  },
});
