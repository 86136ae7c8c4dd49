import { EntitySchema } from '@mikro-orm/core';

/** One tenant-scoped change, recorded here or received from another subgraph. */
export class AuditEntry {
  id!: string;
  /** The producer's event id; unique, so a redelivered message is stored once. */
  eventId!: string;
  tenantId!: string;
  actorUserId: string | null = null;
  action!: string;
  targetType!: string;
  targetId!: string;
  ip: string | null = null;
  source!: string;
  at!: Date;
  recordedAt: Date = new Date();
}

export const AuditEntrySchema = new EntitySchema<AuditEntry>({
  class: AuditEntry,
  tableName: 'audit_entries',
  properties: {
    id: { type: 'uuid', primary: true },
    eventId: { type: 'string', length: 100 },
    tenantId: { type: 'uuid' },
    actorUserId: { type: 'uuid', nullable: true },
    action: { type: 'string', length: 100 },
    targetType: { type: 'string', length: 50 },
    targetId: { type: 'string', length: 200 },
    ip: { type: 'string', length: 64, nullable: true },
    source: { type: 'string', length: 32 },
    at: { type: 'Date' },
    recordedAt: { type: 'Date' },
  },
});
