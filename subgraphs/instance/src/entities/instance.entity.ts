import { EntitySchema } from '@mikro-orm/core';
import type { InstanceResources, InstanceStatus } from '@saas/contracts';

export interface BackupRotation {
  daily: number;
  weekly: number;
  monthly: number;
}

/** An Odoo instance; the instance subgraph is the only writer of its state. */
export class Instance {
  id!: string;
  tenantId!: string;
  name!: string;
  subdomain!: string;
  odooVersion!: string;
  modules: string[] = [];
  status!: InstanceStatus;
  statusMessage: string | null = null;
  /** Public address, known from creation. */
  url!: string;
  /** Where the worker reached the container (local development). */
  directUrl: string | null = null;
  containerId: string | null = null;
  databaseName: string | null = null;
  resources!: InstanceResources;
  /** Password of the instance's PostgreSQL role, encrypted (@saas/secrets). */
  databasePasswordEncrypted!: string;
  /** Odoo master password (`admin_passwd`), encrypted. */
  adminPasswordEncrypted!: string;
  /** Sequence number of the last operation queued (1, 2, ...). */
  operationSeq = 0;
  /** Sequence number of the last status change (public `InstanceStatusEvent.sequence`). */
  statusSeq = 0;
  /** Position of the last worker event applied; older or equal ones are ignored. */
  appliedOperationSeq = 0;
  appliedAttempt = 0;
  appliedStep = 0;
  /** Stopped by a billing suspension: started again when the tenant is resumed. */
  suspendedByBilling = false;
  /** How many daily, weekly and monthly SCHEDULED backups the plan keeps, as last read from billing. */
  backupRotation: BackupRotation | null = null;
  /** Minutes without a request after which the plan hibernates it (null: never), as last read from billing. */
  hibernateAfterMinutes: number | null = null;
  /** Largest request body at its URL (MiB), as last read from billing; null: the edge's default. */
  uploadMaxMb: number | null = null;
  /** Opted out of hibernation (ADMIN+): its scheduled actions keep running while nobody uses it. */
  hibernationDisabled = false;
  /** Memory the container used when it was hibernated (bytes), when the engine told. */
  hibernatedMemoryBytes: number | null = null;
  /** A staging copy: the production instance it was copied from. */
  stagingOfId: string | null = null;
  /** A staging copy: when the reconciler deletes it (the plan's staging lifetime). */
  stagingExpiresAt: Date | null = null;
  createdBy: string | null = null;
  createdAt: Date = new Date();
  updatedAt: Date = new Date();
  deletedAt: Date | null = null;
}

export const InstanceSchema = new EntitySchema<Instance>({
  class: Instance,
  tableName: 'instances',
  properties: {
    id: { type: 'uuid', primary: true },
    tenantId: { type: 'uuid' },
    name: { type: 'string', length: 100 },
    subdomain: { type: 'string', length: 63 },
    odooVersion: { type: 'string', length: 16 },
    modules: { type: 'json' },
    status: { type: 'string', length: 16 },
    statusMessage: { type: 'text', nullable: true },
    url: { type: 'text' },
    directUrl: { type: 'text', nullable: true },
    containerId: { type: 'string', length: 128, nullable: true },
    databaseName: { type: 'string', length: 63, nullable: true },
    resources: { type: 'json' },
    databasePasswordEncrypted: { type: 'text' },
    adminPasswordEncrypted: { type: 'text' },
    operationSeq: { type: 'integer' },
    statusSeq: { type: 'integer' },
    appliedOperationSeq: { type: 'integer' },
    appliedAttempt: { type: 'integer' },
    appliedStep: { type: 'integer' },
    suspendedByBilling: { type: 'boolean' },
    backupRotation: { type: 'json', nullable: true },
    hibernateAfterMinutes: { type: 'integer', nullable: true },
    uploadMaxMb: { type: 'integer', nullable: true },
    hibernationDisabled: { type: 'boolean' },
    hibernatedMemoryBytes: { type: 'double', nullable: true },
    stagingOfId: { type: 'uuid', nullable: true },
    stagingExpiresAt: { type: 'Date', nullable: true },
    createdBy: { type: 'uuid', nullable: true },
    createdAt: { type: 'Date' },
    updatedAt: { type: 'Date', onUpdate: () => new Date() },
    deletedAt: { type: 'Date', nullable: true },
  },
});
