import { EntitySchema } from '@mikro-orm/core';
import type { InstanceStatus } from '@saas/contracts';

/**
 * An applied status change of an instance, as the instance subgraph published it. Keyed by
 * (instance, sequence): a redelivered or duplicated event is the same row, so metering
 * (computed from these rows) gives exact totals however often an event arrives.
 */
export class InstanceStatusEvent {
  instanceId!: string;
  sequence!: number;
  tenantId!: string;
  status!: InstanceStatus;
  at!: Date;
  receivedAt: Date = new Date();
}

export const InstanceStatusEventSchema = new EntitySchema<InstanceStatusEvent>({
  class: InstanceStatusEvent,
  tableName: 'instance_status_events',
  properties: {
    instanceId: { type: 'uuid', primary: true },
    sequence: { type: 'integer', primary: true },
    tenantId: { type: 'uuid' },
    status: { type: 'string', length: 16 },
    at: { type: 'Date' },
    receivedAt: { type: 'Date' },
  },
});
