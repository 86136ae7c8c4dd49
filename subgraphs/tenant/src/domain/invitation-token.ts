import { createHash, randomBytes } from 'node:crypto';

/** Invitations are valid this long. */
export const INVITATION_TTL_MS = 7 * 24 * 3600 * 1000;

/** A fresh single-use token (sent by email) and the hash we store instead of it. */
export function newInvitationToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashInvitationToken(token) };
}

/** SHA-256 is enough: tokens are 256 random bits, so there is nothing to brute-force. */
export function hashInvitationToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
