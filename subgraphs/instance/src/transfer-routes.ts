import { pipeline } from 'node:stream/promises';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { TenantAuthorizer } from '@saas/authz';
import type { BackupStore } from '@saas/backups';
import type { EntitlementsClient } from './services/entitlements.client';
import { InstanceImports } from './services/instance-imports.service';
import type { InstanceSettings } from './services/instance-settings';
import type { Logger } from '@saas/logger';
import type express from 'express';
import { BackupDownloads } from './services/backup-downloads.service';
import { TRANSFER_PATHS } from './services/transfer-links';

export interface TransferRouteDependencies {
  em: EntityManager;
  authorizer: TenantAuthorizer;
  store: BackupStore;
  settings: InstanceSettings;
  entitlements: EntitlementsClient;
  logger: Logger;
}

const REFUSALS = {
  TAMPERED: 'The link is not valid.',
  EXPIRED: 'The link has expired; ask for a new one.',
  USED: 'The link was already used; ask for a new one.',
} as const;

/**
 * The signed links' endpoints, reached through the gateway (which forwards `/files/`):
 * `GET /files/backups/:id` streams a backup's zip from the backup store; `PUT
 * /files/imports/:id` streams an Odoo zip to import into the store's import area. A
 * tampered, expired or (upload) used link is 403, a backup whose archive is gone 404, an
 * upload larger than the plan's storage 413.
 */
export function transferRoutes(deps: TransferRouteDependencies) {
  return (app: express.Express): void => {
    app.get(TRANSFER_PATHS.backup, async (req, res) => {
      try {
        const downloads = new BackupDownloads({ ...deps, links: deps.settings.links, em: deps.em.fork() as EntityManager });
        const answer = await downloads.open(String(req.params.id), req.query);
        if (answer.status === 403) return void res.status(403).json({ error: answer.reason, message: REFUSALS[answer.reason] });
        if (answer.status === 404) return void res.status(404).json({ error: 'NOT_FOUND', message: 'The backup archive is gone.' });
        res.status(200).set({
          'content-type': answer.fileName.endsWith('.zip') ? 'application/zip' : 'application/x-tar',
          'content-length': String(answer.sizeBytes),
          'content-disposition': `attachment; filename="${answer.fileName}"`,
          'cache-control': 'no-store',
        });
        await pipeline(answer.body, res);
      } catch (error) {
        deps.logger.error({ err: error, backupId: req.params.id }, 'backup download failed');
        if (!res.headersSent) res.status(500).json({ error: 'INTERNAL', message: 'The download failed.' });
        else res.destroy();
      }
    });
    app.put(TRANSFER_PATHS.upload, async (req, res) => {
      try {
        // Not from a request: the link is the authorization, the plan's limit is on the upload.
        const imports = new InstanceImports({ ...deps, em: deps.em.fork() as EntityManager, afterCommit: () => undefined });
        const length = req.headers['content-length'] === undefined ? undefined : Number(req.headers['content-length']);
        const answer = await imports.receive(String(req.params.id), req.query, req, Number.isFinite(length) ? length : undefined);
        if (answer.status === 403) return void res.status(403).json({ error: answer.reason, message: REFUSALS[answer.reason] });
        if (answer.status === 404) return void res.status(404).json({ error: 'NOT_FOUND', message: 'No such upload.' });
        if (answer.status === 413) return void res.status(413).set('connection', 'close').json({ error: 'TOO_LARGE', message: `The upload is larger than ${answer.maxBytes} bytes.` });
        res.status(201).json({ sizeBytes: answer.sizeBytes });
      } catch (error) {
        deps.logger.warn({ err: error, uploadId: req.params.id }, 'import upload failed');
        if (!res.headersSent) res.status(400).json({ error: 'UPLOAD_FAILED', message: 'The upload broke off; create a new one.' });
      }
    });
  };
}
