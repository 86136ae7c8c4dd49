import { EntitySchema } from '@mikro-orm/core';

/**
 * WAITING for its PUT; RECEIVING while the body streams in (the link is used up); UPLOADED
 * once the zip is in the store; FAILED when the PUT broke off, was too large, or the zip was
 * refused by importInstance (the file is removed); IMPORTED once an instance was created from it.
 */
export type ImportUploadStatus = 'WAITING' | 'RECEIVING' | 'UPLOADED' | 'FAILED' | 'IMPORTED';

/** An Odoo zip a tenant uploads (createImportUpload) to create an instance from (importInstance). */
export class ImportUpload {
  id!: string;
  tenantId!: string;
  createdBy!: string;
  status: ImportUploadStatus = 'WAITING';
  /** The plan's storage when the upload was created: a larger body is refused. */
  maxBytes!: string;
  sizeBytes: string | null = null;
  /** SHA-256 of the uploaded zip, hex: it becomes the IMPORT backup's checksum. */
  checksum: string | null = null;
  error: string | null = null;
  /** The instance created from it. */
  instanceId: string | null = null;
  createdAt: Date = new Date();
  expiresAt!: Date;
  uploadedAt: Date | null = null;
}

export const ImportUploadSchema = new EntitySchema<ImportUpload>({
  class: ImportUpload,
  tableName: 'import_uploads',
  properties: {
    id: { type: 'uuid', primary: true },
    tenantId: { type: 'uuid' },
    createdBy: { type: 'uuid' },
    status: { type: 'string', length: 16 },
    maxBytes: { type: 'bigint' },
    sizeBytes: { type: 'bigint', nullable: true },
    checksum: { type: 'string', length: 64, nullable: true },
    error: { type: 'text', nullable: true },
    instanceId: { type: 'uuid', nullable: true },
    createdAt: { type: 'Date' },
    expiresAt: { type: 'Date' },
    uploadedAt: { type: 'Date', nullable: true },
  },
});
