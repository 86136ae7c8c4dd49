import { BadUserInputError } from '@saas/errors';

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** An invited address as stored: trimmed, domain lower-cased (the way auth stores emails). */
export function parseInviteEmail(value: string, field: string): string {
  const email = value.trim();
  const at = email.lastIndexOf('@');
  if (email.length > 254 || !EMAIL_PATTERN.test(email) || at < 1) {
    throw new BadUserInputError('Email must be a valid email address.', field);
  }
  return `${email.slice(0, at)}@${email.slice(at + 1).toLowerCase()}`;
}

/**
 * Whether an account's email is the invited one. Compared without case: mail systems treat
 * the local part case-insensitively in practice, and the token already proves the mailbox.
 */
export function sameMailbox(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}
