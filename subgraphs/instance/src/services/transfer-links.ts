import { checkLink, type LinkCheck, signLink } from '@saas/secrets';

/** How download and upload links are made: on the gateway's public address, signed, short-lived. */
export interface TransferLinkSettings {
  /** HMAC-SHA256 key (LINK_SIGNING_KEY). */
  key: Buffer;
  /** The gateway's public address (PUBLIC_APP_URL); it forwards `/files/` to this subgraph. */
  publicUrl: string;
  downloadTtlMs: number;
  uploadTtlMs: number;
}

export const TRANSFER_PATHS = {
  /** GET the zip of a backup. */
  backup: '/files/backups/:id',
  /** PUT an Odoo zip to import. */
  upload: '/files/imports/:id',
} as const;

const PURPOSE = { backup: 'backup-download', upload: 'import-upload' } as const;
export type TransferKind = keyof typeof PURPOSE;

/** A signed link to `kind` of object `id`, working until `expiresAt` (rounded down to the second). */
export function transferLink(settings: TransferLinkSettings, kind: TransferKind, id: string, expiresAt: Date): string {
  const expires = Math.floor(expiresAt.getTime() / 1000);
  const signature = signLink(settings.key, { purpose: PURPOSE[kind], id, expires });
  const url = new URL(TRANSFER_PATHS[kind].slice(1).replace(':id', encodeURIComponent(id)), `${settings.publicUrl.replace(/\/+$/, '')}/`);
  url.searchParams.set('expires', String(expires));
  url.searchParams.set('signature', signature);
  return url.toString();
}

/** What a request's `expires` and `signature` say about the link it came with. */
export function checkTransferLink(settings: TransferLinkSettings, kind: TransferKind, id: string, query: { expires?: unknown; signature?: unknown }, now = new Date()): LinkCheck {
  if (typeof query.expires !== 'string' || typeof query.signature !== 'string' || !/^\d{1,12}$/.test(query.expires)) return 'TAMPERED';
  return checkLink(settings.key, { purpose: PURPOSE[kind], id, expires: Number(query.expires) }, query.signature, now);
}
