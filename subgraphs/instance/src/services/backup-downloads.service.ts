import type { Readable } from 'node:stream';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '@saas/auth';
import { roleAtLeast, type TenantAuthorizer } from '@saas/authz';
import { backupKeys, type BackupStore, findArchiveKey } from '@saas/backups';
import { Backup } from '../entities/backup.entity';
import { checkTransferLink, type TransferLinkSettings, transferLink } from './transfer-links';

/** What `GET /files/backups/:id` answers: the archive, or why not. */
export type DownloadAnswer =
  | { status: 200; body: Readable; sizeBytes: number; fileName: string }
  | { status: 403; reason: 'TAMPERED' | 'EXPIRED' }
  | { status: 404 };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * `Backup.downloadUrl` and the download behind it. The link is the authorization (signed,
 * bound to the backup, minutes long), so the endpoint needs no token: it is handed out only
 * to ADMIN and above of the backup's tenant.
 */
export class BackupDownloads {
  constructor(
    private readonly deps: { em: EntityManager; authorizer: TenantAuthorizer; store: BackupStore; links: TransferLinkSettings },
  ) {}

  /** A link for ADMIN and above; null for a MEMBER, or when the backup has no archive (PENDING, FAILED, EXPIRED, removed). */
  async urlFor(viewer: Viewer, backup: Backup, now = new Date()): Promise<string | null> {
    const access = await this.deps.authorizer.accessOf(viewer, backup.tenantId);
    if (!access || !roleAtLeast(access.role, 'ADMIN')) return null;
    if (backup.status !== 'COMPLETED' || !(await this.archiveOf(backup))) return null;
    return transferLink(this.deps.links, 'backup', backup.id, new Date(now.getTime() + this.deps.links.downloadTtlMs));
  }

  async open(id: string, query: { expires?: unknown; signature?: unknown }): Promise<DownloadAnswer> {
    const check = checkTransferLink(this.deps.links, 'backup', id, query);
    if (check !== 'VALID') return { status: 403, reason: check };
    // A validly signed id is one this subgraph made, so it is a UUID; checked anyway before the query.
    const backup = UUID.test(id) ? await this.deps.em.findOne(Backup, { id }) : null;
    const archive = backup?.status === 'COMPLETED' ? await this.archiveOf(backup) : undefined;
    const stat = archive && (await this.deps.store.stat(archive.key));
    if (!backup || !archive || !stat) return { status: 404 };
    return {
      status: 200,
      body: this.deps.store.read(archive.key),
      sizeBytes: stat.sizeBytes,
      fileName: `backup-${backup.createdAt.toISOString().slice(0, 10)}-${backup.id}.${archive.format}`,
    };
  }

  private archiveOf(backup: Backup) {
    return findArchiveKey(this.deps.store, (format) => backupKeys(backup.tenantId, backup.instanceId, backup.id, format).archive);
  }
}
