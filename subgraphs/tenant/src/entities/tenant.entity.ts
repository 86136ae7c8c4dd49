import { EntitySchema } from '@mikro-orm/core';
import type { TenantStatus } from '@saas/authz';

/** An organization. Deleting one only marks it DELETED: its audit log and history stay. */
export class Tenant {
  id!: string;
  slug!: string;
  name!: string;
  status: TenantStatus = 'ACTIVE';
  createdAt: Date = new Date();
  updatedAt: Date = new Date();
  deletedAt: Date | null = null;
  /** The user who created it (its trial counts for them); null for tenants from before it was recorded. */
  createdBy: string | null = null;
}

export const TenantSchema = new EntitySchema<Tenant>({
  class: Tenant,
  tableName: 'tenants',
  properties: {
    id: { type: 'uuid', primary: true },
    slug: { type: 'string', length: 63 },
    name: { type: 'string', length: 100 },
    status: { type: 'string', length: 16 },
    createdAt: { type: 'Date' },
    updatedAt: { type: 'Date', onUpdate: () => new Date() },
    deletedAt: { type: 'Date', nullable: true },
    createdBy: { type: 'uuid', nullable: true },
  },
});
