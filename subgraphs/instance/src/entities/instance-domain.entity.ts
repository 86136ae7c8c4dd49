import { EntitySchema } from '@mikro-orm/core';

/** PENDING_VERIFICATION until its CNAME points at the instance; FAILED when it points elsewhere. */
export type InstanceDomainStatus = 'PENDING_VERIFICATION' | 'ACTIVE' | 'FAILED';

/** A customer's own domain for an instance; unique platform-wide. */
export class InstanceDomain {
  id!: string;
  instanceId!: string;
  tenantId!: string;
  domain!: string;
  status: InstanceDomainStatus = 'PENDING_VERIFICATION';
  error: string | null = null;
  createdBy!: string;
  createdAt: Date = new Date();
  verifiedAt: Date | null = null;
}

export const InstanceDomainSchema = new EntitySchema<InstanceDomain>({
  class: InstanceDomain,
  tableName: 'instance_domains',
  properties: {
    id: { type: 'uuid', primary: true },
    instanceId: { type: 'uuid' },
    tenantId: { type: 'uuid' },
    domain: { type: 'string', length: 253 },
    status: { type: 'string', length: 24 },
    error: { type: 'text', nullable: true },
    createdBy: { type: 'uuid' },
    createdAt: { type: 'Date' },
    verifiedAt: { type: 'Date', nullable: true },
  },
});
