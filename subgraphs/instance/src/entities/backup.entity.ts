import { EntitySchema } from '@mikro-orm/core';

/** EXPIRED: the worker removed the archive when the plan's retention ended. */
export type BackupStatus = 'PENDING' | 'COMPLETED' | 'FAILED' | 'EXPIRED';
/** MANUAL: backupInstance; SCHEDULED: the daily scheduler; PRE_UPGRADE: before an upgrade; IMPORT: an uploaded Odoo zip. */
export type BackupKind = 'MANUAL' | 'SCHEDULED' | 'PRE_UPGRADE' | 'IMPORT';
/** PENDING until the worker restored it into a scratch database and checked it. */
export type BackupVerification = 'PENDING' | 'PASSED' | 'FAILED';

/** A database dump plus filestore archive, taken by a BACKUP operation. */
export class Backup {
  id!: string;
  instanceId!: string;
  tenantId!: string;
  operationId!: string;
  status: BackupStatus = 'PENDING';
  sizeBytes: string | null = null;
  checksum: string | null = null;
  location: string | null = null;
  createdAt: Date = new Date();
  completedAt: Date | null = null;
  /** When the plan's retention ends and the worker removes the archive; null: kept. */
  expiresAt: Date | null = null;
  kind: BackupKind = 'MANUAL';
  verification: BackupVerification = 'PENDING';
  verifiedAt: Date | null = null;
  verificationError: string | null = null;
  /** SCHEDULED: the day (UTC) it was taken for; one per instance and day. */
  scheduledFor: string | null = null;
}

export const BackupSchema = new EntitySchema<Backup>({
  class: Backup,
  tableName: 'backups',
  properties: {
    id: { type: 'uuid', primary: true },
    instanceId: { type: 'uuid' },
    tenantId: { type: 'uuid' },
    operationId: { type: 'uuid' },
    status: { type: 'string', length: 16 },
    sizeBytes: { type: 'bigint', nullable: true },
    checksum: { type: 'string', length: 64, nullable: true },
    location: { type: 'text', nullable: true },
    createdAt: { type: 'Date' },
    completedAt: { type: 'Date', nullable: true },
    expiresAt: { type: 'Date', nullable: true },
    kind: { type: 'string', length: 16 },
    verification: { type: 'string', length: 16 },
    verifiedAt: { type: 'Date', nullable: true },
    verificationError: { type: 'text', nullable: true },
    scheduledFor: { type: 'date', nullable: true },
  },
});
