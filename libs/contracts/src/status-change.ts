import type { InstanceStatus } from './instance-status';

/**
 * An applied change of an instance's status, published by the instance subgraph after it
 * committed the change: to Redis for subscriptions (channel per tenant) and through its
 * outbox to the `instance.status` exchange for billing's metering.
 */
export interface InstanceStatusChanged {
  eventId: string;
  tenantId: string;
  instanceId: string;
  /** Increases by one per change of this instance. */
  sequence: number;
  status: InstanceStatus;
  previousStatus: InstanceStatus | null;
  message: string | null;
  operationId: string | null;
  at: string;
}

/** Progress of an operation, published to Redis for `operationProgress` subscribers. */
export interface OperationProgressed {
  eventId: string;
  tenantId: string;
  instanceId: string;
  operationId: string;
  status: string;
  progress: number;
  message: string | null;
  error: string | null;
  at: string;
}

/** Everything on a tenant's Redis channel. */
export type TenantChannelMessage =
  | ({ type: 'instance.status' } & InstanceStatusChanged)
  | ({ type: 'operation.progress' } & OperationProgressed);
