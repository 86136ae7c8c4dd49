import { EntitySchema } from '@mikro-orm/core';
import type { OperationStatus, OperationType } from '@saas/contracts';

/** A lifecycle job of an instance, as the control plane tracks it. */
export class InstanceOperation {
  id!: string;
  instanceId!: string;
  tenantId!: string;
  /** Position in the instance's history; also carried by the job and its events. */
  seq!: number;
  type!: OperationType;
  status!: OperationStatus;
  progress = 0;
  message: string | null = null;
  error: string | null = null;
  attempts = 0;
  backupId: string | null = null;
  /** Who asked; null for the platform itself (reconciler, billing suspension). */
  requestedBy: string | null = null;
  createdAt: Date = new Date();
  startedAt: Date | null = null;
  finishedAt: Date | null = null;
}

export const InstanceOperationSchema = new EntitySchema<InstanceOperation>({
  class: InstanceOperation,
  tableName: 'instance_operations',
  properties: {
    id: { type: 'uuid', primary: true },
    instanceId: { type: 'uuid' },
    tenantId: { type: 'uuid' },
    seq: { type: 'integer' },
    type: { type: 'string', length: 16 },
    status: { type: 'string', length: 16 },
    progress: { type: 'integer' },
    message: { type: 'text', nullable: true },
    error: { type: 'text', nullable: true },
    attempts: { type: 'integer' },
    backupId: { type: 'uuid', nullable: true },
    requestedBy: { type: 'uuid', nullable: true },
    createdAt: { type: 'Date' },
    startedAt: { type: 'Date', nullable: true },
    finishedAt: { type: 'Date', nullable: true },
  },
});

/** Operations that hold the instance: no other may be queued until they end. */
export const ACTIVE_OPERATION_STATUSES: readonly OperationStatus[] = ['QUEUED', 'RUNNING'];
