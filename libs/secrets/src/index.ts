import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * Secrets at rest (instance database and Odoo master passwords) are AES-256-GCM
 * ciphertexts: `v1.<iv>.<tag>.<ciphertext>`, base64url parts. The key is 32 bytes,
 * given base64-encoded in `SECRETS_KEY`.
 */
export type EncryptedSecret = string;

const VERSION = 'v1';

export function encryptSecret(plaintext: string, key: Buffer): EncryptedSecret {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), ciphertext].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
}

export function decryptSecret(secret: EncryptedSecret, key: Buffer): string {
  const [version, iv, tag, ciphertext] = secret.split('.');
  if (version !== VERSION || !iv || !tag || ciphertext === undefined) throw new Error('not an encrypted secret');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
}

/** A random password of `bytes` bytes of entropy, URL-safe. */
export function randomPassword(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}

/**
 * A secret derived from the key for one purpose and one subject (HMAC-SHA256, base64url):
 * two services sharing `SECRETS_KEY` agree on it without storing or sending it, e.g. the
 * SMTP password a staging copy uses with the platform's mail catcher.
 */
export function derivedSecret(key: Buffer, purpose: string, subject: string): string {
  return createHmac('sha256', key).update(`${purpose}:${subject}`).digest('base64url');
}

/** The purpose of the mail catcher's per-instance SMTP passwords (see derivedSecret). */
export const MAIL_CATCHER_PURPOSE = 'mail-catcher';
export { linkSigningKeyEnv, secretsKeyEnv } from './environment';
export { DEV_SECRETS_KEY, parseSecretsKey } from './secrets-key';
export { checkLink, DEV_LINK_SIGNING_KEY, type LinkCheck, type LinkGrant, parseLinkSigningKey, signLink } from './signed-links';
