import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { backupKeys, type BackupStore, checksumLine, DEFAULT_ZIP_LIMITS, ObjectTooLargeError, odooSeriesOf, OdooZip, uploadKey, ZipRefusal } from '@saas/backups';
import { BadUserInputError } from '@saas/errors';
import { parseCreateInstanceInput, parseId } from '../domain/instance-input';
import { Backup } from '../entities/backup.entity';
import { ImportUpload } from '../entities/import-upload.entity';
import type { InstanceOperation } from '../entities/instance-operation.entity';
import type { Entitlements } from './entitlements.client';
import { type Actor, type CommandDependencies, hashRequest, InstanceCommands, type InstanceSource, type RestoreSource } from './instance-commands.service';
import { checkTransferLink, transferLink } from './transfer-links';

const GIB = 1024 ** 3;

export interface ImportInstanceArgs {
  tenantId: string;
  uploadId: string;
  name: string;
  subdomain: string;
  odooVersion: string;
  idempotencyKey?: string | null;
}

/** What `PUT /files/imports/:id` answers. */
export type UploadAnswer =
  | { status: 201; sizeBytes: number }
  | { status: 403; reason: 'TAMPERED' | 'EXPIRED' | 'USED' }
  | { status: 404 }
  | { status: 413; maxBytes: number };

/**
 * Importing an Odoo database-manager zip as a new instance: `createImportUpload` hands out a
 * signed, single-use, expiring PUT link; the body streams into the backup store's import area
 * (at most the plan's storage); `importInstance` validates the zip before anything is created
 * and then creates the instance exactly as createInstance does, its CREATE job restoring the
 * zip (moved into the instance's backups as an IMPORT backup) instead of a fresh database.
 */
export class InstanceImports {
  constructor(private readonly deps: CommandDependencies & { store: BackupStore }) {}

  async createUpload(actor: Actor, tenantId: string, now = new Date()): Promise<{ id: string; uploadUrl: string; expiresAt: string }> {
    await this.deps.authorizer.requireRole(actor.viewer, tenantId, 'ADMIN');
    const maxBytes = await this.storageOf(actor, tenantId);
    const expiresAt = new Date(now.getTime() + this.deps.settings.links.uploadTtlMs);
    // Rounded down to the second, as the link's expiry is.
    expiresAt.setMilliseconds(0);
    const upload = this.deps.em.create(ImportUpload, {
      id: randomUUID(),
      tenantId,
      createdBy: actor.viewer.userId,
      status: 'WAITING',
      maxBytes: String(maxBytes),
      sizeBytes: null,
      checksum: null,
      error: null,
      instanceId: null,
      createdAt: now,
      expiresAt,
      uploadedAt: null,
    });
    await this.deps.em.persist(upload).flush();
    return { id: upload.id, uploadUrl: transferLink(this.deps.settings.links, 'upload', upload.id, expiresAt), expiresAt: expiresAt.toISOString() };
  }

  /**
   * The PUT behind an upload link. The link is used up when the body starts streaming in
   * (a second PUT is 403 even if the first broke off); a body over the limit is 413 and
   * nothing of it is kept.
   */
  async receive(id: string, query: { expires?: unknown; signature?: unknown }, body: Readable, declaredLength: number | undefined): Promise<UploadAnswer> {
    const check = checkTransferLink(this.deps.settings.links, 'upload', id, query);
    if (check !== 'VALID') return { status: 403, reason: check };
    const em = this.deps.em.fork();
    const upload = await em.findOne(ImportUpload, { id: parseId(id, 'id') });
    if (!upload) return { status: 404 };
    const maxBytes = Number(upload.maxBytes);
    if (upload.status !== 'WAITING') return { status: 403, reason: 'USED' };
    if (upload.expiresAt.getTime() <= Date.now()) return { status: 403, reason: 'EXPIRED' };
    if (declaredLength !== undefined && declaredLength > maxBytes) return { status: 413, maxBytes };
    const claimed = await em.nativeUpdate(ImportUpload, { id: upload.id, status: 'WAITING' }, { status: 'RECEIVING' });
    if (claimed !== 1) return { status: 403, reason: 'USED' };
    try {
      const written = await this.deps.store.write(uploadKey(upload.tenantId, upload.id), body, { maxBytes, mode: 0o600 });
      await em.nativeUpdate(ImportUpload, { id: upload.id }, { status: 'UPLOADED', sizeBytes: String(written.sizeBytes), checksum: written.checksum, uploadedAt: new Date() });
      return { status: 201, sizeBytes: written.sizeBytes };
    } catch (error) {
      const tooLarge = error instanceof ObjectTooLargeError;
      await em.nativeUpdate(ImportUpload, { id: upload.id }, { status: 'FAILED', error: tooLarge ? `larger than ${maxBytes} bytes` : 'the upload broke off' });
      if (tooLarge) return { status: 413, maxBytes };
      throw error;
    }
  }

  async importInstance(actor: Actor, args: ImportInstanceArgs): Promise<InstanceOperation> {
    // The tenant first: a non-member learns nothing about uploads, names or subdomains.
    await this.deps.authorizer.requireRole(actor.viewer, args.tenantId, 'ADMIN');
    const uploadId = parseId(args.uploadId, 'input.uploadId');
    const request = parseCreateInstanceInput({ ...args, modules: [] }, this.deps.settings.supportedVersions);
    const commands = new InstanceCommands(this.deps);
    return commands.createFrom(actor, request, hashRequest({ ...request, uploadId }), new UploadedZip(this.deps, request.tenantId, uploadId, request.odooVersion));
  }

  /** The plan's storage, the limit of an upload; the documented default when billing cannot answer. */
  private async storageOf(actor: Actor, tenantId: string): Promise<number> {
    try {
      return (await this.deps.entitlements.of(actor.viewer, tenantId)).storageGb * GIB;
    } catch {
      return this.deps.settings.importDefaultMaxBytes;
    }
  }
}

/** An upload as the source of a new instance: validated, then moved into the instance's backups. */
class UploadedZip implements InstanceSource {
  private moved: { from: string; to: string; checksum: string } | undefined;

  constructor(
    private readonly deps: CommandDependencies & { store: BackupStore },
    private readonly tenantId: string,
    private readonly uploadId: string,
    private readonly odooVersion: string,
  ) {}

  async validate(entitlements: Entitlements): Promise<void> {
    const upload = await this.deps.em.fork().findOne(ImportUpload, { id: this.uploadId, tenantId: this.tenantId });
    const refuse = (message: string, reason: string) => new BadUserInputError(message, 'input.uploadId', { reason });
    if (!upload) throw refuse('No such upload in this tenant; create one with createImportUpload.', 'UNKNOWN_UPLOAD');
    if (upload.status === 'WAITING' || upload.status === 'RECEIVING') throw refuse('The zip has not been uploaded yet: PUT it to the uploadUrl first.', 'NOT_UPLOADED');
    if (upload.status === 'FAILED') throw refuse(`The upload failed (${upload.error ?? 'unknown reason'}); create a new one.`, 'UPLOAD_FAILED');
    if (upload.status === 'IMPORTED') throw refuse('This upload was already imported; create a new one.', 'ALREADY_IMPORTED');
    const key = uploadKey(this.tenantId, this.uploadId);
    const limits = { ...DEFAULT_ZIP_LIMITS, maxUncompressedBytes: entitlements.storageGb * GIB };
    let series: string | undefined;
    try {
      series = await this.deps.store.withLocalFile(key, async (file) => {
        const zip = await OdooZip.open(file, limits);
        zip.close();
        return odooSeriesOf(zip.manifest);
      });
    } catch (error) {
      if (!(error instanceof ZipRefusal)) throw error;
      // The file itself can never be imported: removed, the upload FAILED.
      await this.deps.store.remove(key);
      await this.deps.em.fork().nativeUpdate(ImportUpload, { id: this.uploadId }, { status: 'FAILED', error: error.message });
      throw refuse(`The upload is not an importable Odoo database-manager zip: ${error.message}.`, error.reason);
    }
    if (series !== this.odooVersion) {
      throw new BadUserInputError(`The zip is a backup of Odoo ${series ?? '(unknown version)'}, not ${this.odooVersion}.`, 'input.odooVersion', {
        reason: 'VERSION_MISMATCH',
        manifestVersion: series ?? null,
      });
    }
    if (!entitlements.allowedOdooVersions.includes(this.odooVersion)) {
      throw new BadUserInputError(`The ${entitlements.planCode} plan allows Odoo ${entitlements.allowedOdooVersions.join(', ')}, not ${this.odooVersion}.`, 'input.odooVersion', {
        reason: 'VERSION_NOT_ALLOWED',
        allowed: entitlements.allowedOdooVersions,
      });
    }
  }

  async attach(em: EntityManager, instanceId: string): Promise<RestoreSource> {
    const upload = await em.findOneOrFail(ImportUpload, { id: this.uploadId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (upload.status !== 'UPLOADED' || !upload.checksum) {
      throw new BadUserInputError('This upload was already imported; create a new one.', 'input.uploadId', { reason: 'ALREADY_IMPORTED' });
    }
    const backupId = randomUUID();
    const keys = backupKeys(this.tenantId, instanceId, backupId);
    const now = new Date();
    upload.status = 'IMPORTED';
    upload.instanceId = instanceId;
    const backup = em.create(Backup, {
      id: backupId,
      instanceId,
      tenantId: this.tenantId,
      // Set to the CREATE operation once queued (recordOperation).
      operationId: backupId,
      status: 'COMPLETED',
      sizeBytes: upload.sizeBytes,
      checksum: upload.checksum,
      location: this.deps.store.describe(keys.archive),
      createdAt: now,
      completedAt: now,
      expiresAt: null,
      kind: 'IMPORT',
      verification: 'PENDING',
      verifiedAt: null,
      verificationError: null,
      scheduledFor: null,
    });
    em.persist(backup);
    // Before the commit: the job the commit releases finds the archive where it looks.
    const from = uploadKey(this.tenantId, this.uploadId);
    await this.deps.store.move(from, keys.archive);
    this.moved = { from, to: keys.archive, checksum: keys.checksum };
    await this.deps.store.write(keys.checksum, Readable.from([checksumLine(upload.checksum, keys.archive)]));
    return {
      backupId,
      checksum: upload.checksum,
      recordOperation: (operationId) => {
        backup.operationId = operationId;
      },
    };
  }

  async detach(): Promise<void> {
    if (!this.moved) return;
    await this.deps.store.remove(this.moved.checksum);
    await this.deps.store.move(this.moved.to, this.moved.from);
    this.moved = undefined;
  }
}
