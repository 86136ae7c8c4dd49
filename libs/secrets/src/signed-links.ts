import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed links (backup downloads, import uploads): HMAC-SHA256 over what the link grants
 * (a purpose, an object id, an expiry in Unix seconds), with `LINK_SIGNING_KEY`. The link
 * carries `expires` and `signature`; the server recomputes the signature and compares in
 * constant time, so neither the id, the purpose nor the expiry can be changed.
 */
export interface LinkGrant {
  /** What the link does (`backup-download`, `import-upload`): a signature for one never works for another. */
  purpose: string;
  id: string;
  /** Unix seconds. */
  expires: number;
}

/** Clearly a development default: production refuses to start with it. */
export const DEV_LINK_SIGNING_KEY = Buffer.from('odoo-saas-development-only-link-signing-key').toString('base64');

/** At least 32 bytes, base64-encoded. */
export function parseLinkSigningKey(base64: string): Buffer {
  const key = Buffer.from(base64, 'base64');
  if (key.length < 32) throw new Error('LINK_SIGNING_KEY must be at least 32 bytes, base64-encoded');
  return key;
}

export function signLink(key: Buffer, grant: LinkGrant): string {
  return createHmac('sha256', key).update(`${grant.purpose}\n${grant.id}\n${grant.expires}`).digest('base64url');
}

export type LinkCheck = 'VALID' | 'TAMPERED' | 'EXPIRED';

/** Checks a link's signature first (a tampered expiry is TAMPERED, not EXPIRED), then its expiry. */
export function checkLink(key: Buffer, grant: LinkGrant, signature: string, now: Date = new Date()): LinkCheck {
  if (!Number.isSafeInteger(grant.expires)) return 'TAMPERED';
  const expected = Buffer.from(signLink(key, grant));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'TAMPERED';
  return grant.expires * 1000 <= now.getTime() ? 'EXPIRED' : 'VALID';
}
