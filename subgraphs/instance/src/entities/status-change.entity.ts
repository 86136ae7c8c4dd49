import { EntitySchema } from '@mikro-orm/core';
import type { InstanceStatus } from '@saas/contracts';

/** One applied status change of an instance: the history behind `InstanceStatusEvent`. */
export class StatusChange {
  instanceId!: string;
  sequence!: number;
  tenantId!: string;
  status!: InstanceStatus;
  previousStatus: InstanceStatus | null = null;
  message: string | null = null;
  operationId: string | null = null;
  at: Date = new Date();
  /** Tenant-wide, in commit order; set by the database on insert (a bigint, as a string). */
  position?: string;
}

export const StatusChangeSchema = new EntitySchema<StatusChange>({
  class: StatusChange,
  tableName: 'instance_status_changes',
  properties: {
    instanceId: { type: 'uuid', primary: true },
    sequence: { type: 'integer', primary: true },
    tenantId: { type: 'uuid' },
    status: { type: 'string', length: 16 },
    previousStatus: { type: 'string', length: 16, nullable: true },
    message: { type: 'text', nullable: true },
    operationId: { type: 'uuid', nullable: true },
    at: { type: 'Date' },
    position: { type: 'bigint', nullable: true },
  },
});
