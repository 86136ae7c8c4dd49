/**
 * The layout of the backup store. Backups of an instance sit together under
 * `<tenantId>/<instanceId>/`; uploads waiting to be imported under `.imports/<tenantId>/`
 * (a dot folder is never taken for a tenant's).
 *
 * `zip` is Odoo's database-manager format (odoo-zip-format.ts); `tar` the platform's
 * first format (manifest, `pg_dump -Fc`, filestore tar), still restored.
 */
export type ArchiveFormat = 'zip' | 'tar';

export interface BackupKeys {
  folder: string;
  archive: string;
  /** `<sha256>  <file name>`, as sha256sum writes it. */
  checksum: string;
  /** Retention sidecar the worker's reconciler reads (see the worker's backup-retention.ts). */
  retention: string;
}

export function backupKeys(tenantId: string, instanceId: string, backupId: string, format: ArchiveFormat = 'zip'): BackupKeys {
  const folder = `${tenantId}/${instanceId}`;
  const archive = `${folder}/${backupId}.${format}`;
  return { folder, archive, checksum: `${archive}.sha256`, retention: `${archive}.retention.json` };
}

export function uploadKey(tenantId: string, uploadId: string): string {
  return `.imports/${tenantId}/${uploadId}.zip`;
}

export function checksumLine(checksum: string, archiveKey: string): string {
  return `${checksum}  ${archiveKey.split('/').pop()}\n`;
}
