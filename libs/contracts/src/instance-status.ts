/** Lifecycle states of an instance (schema enum `InstanceStatus`). */
export const INSTANCE_STATUSES = [
  'PENDING',
  'PROVISIONING',
  'RUNNING',
  'STARTING',
  'STOPPING',
  'STOPPED',
  /** Stopped for idleness (container stopped, data kept); the next request at the edge wakes it. */
  'HIBERNATED',
  'RESTARTING',
  'BACKING_UP',
  'RESTORING',
  'UPGRADING',
  'DELETING',
  'DELETED',
  'FAILED',
] as const;
export type InstanceStatus = (typeof INSTANCE_STATUSES)[number];

export const OPERATION_TYPES = [
  'CREATE',
  'START',
  'STOP',
  'RESTART',
  'DELETE',
  'BACKUP',
  'RESTORE',
  'UPGRADE',
  'HIBERNATE',
  /** A staging copy made from production (the operation belongs to the new copy). */
  'STAGING',
  /** Production copied again into an existing staging copy, which keeps its URL. */
  'REFRESH_STAGING',
] as const;
export type OperationType = (typeof OPERATION_TYPES)[number];

export const OPERATION_STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED'] as const;
export type OperationStatus = (typeof OPERATION_STATUSES)[number];
