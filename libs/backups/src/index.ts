export { type ArchiveFormat, type BackupKeys, backupKeys, checksumLine, uploadKey } from './backup-keys';
export { type BackupStore, findArchiveKey, ObjectTooLargeError, readText, type StoredObject, type WriteOptions, type WrittenObject } from './backup-store';
export { FilesystemBackupStore } from './filesystem-backup-store';
export { buildOdooManifest, type OdooManifest, odooSeriesOf, parseOdooManifest, pgVersionOf, type SaasManifestFacts } from './odoo-manifest';
export { OdooZipEntries } from './odoo-zip-format';
export { DEFAULT_ZIP_LIMITS, OdooZip, withOdooZip, type ZipLimits, ZipRefusal, type ZipRefusalReason } from './odoo-zip-reader';
export { OdooZipWriter } from './odoo-zip-writer';
export { type RotatedBackup, type RotationPolicy, rotationKeepers } from './backup-rotation';
